package dev.parallelrun.compare;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * One way the candidate's answer differs from the primary's.
 *
 * @param pointer   where, as a JSON Pointer into the answer: {@code /status}, {@code /headers/content-type},
 *                  {@code /body/total}
 * @param kind      what differs
 * @param primary   the primary's value there, {@code null} when it has none
 * @param candidate the candidate's value there, {@code null} when it has none
 * @param noise     the two primaries differ there as well (an id, a timestamp): not held against the candidate
 */
public record Difference(String pointer, Kind kind, JsonNode primary, JsonNode candidate, boolean noise) {

    public enum Kind {
        FIELD_MISMATCH, MISSING_IN_CANDIDATE, ADDED_BY_CANDIDATE;

        /** As reported: {@code field mismatch}, {@code missing in candidate}, {@code added by candidate}. */
        @JsonValue
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    Difference asNoise() {
        return new Difference(pointer, kind, primary, candidate, true);
    }

    /** Whether this difference lies at {@code other} or inside it ({@code /body/a/b} lies inside {@code /body/a}). */
    boolean liesWithin(String other) {
        return pointer.equals(other) || pointer.startsWith(other + "/");
    }

    @Override
    public String toString() {
        return pointer + ": primary " + primary + ", candidate " + candidate + (noise ? " (noise)" : "");
    }
}
