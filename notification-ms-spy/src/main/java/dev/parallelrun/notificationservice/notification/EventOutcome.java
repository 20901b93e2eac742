package dev.parallelrun.notificationservice.notification;

/**
 * What became of one event of a batch.
 *
 * @param detail why, for {@code CONFLICT} and {@code INVALID}; null otherwise
 */
public record EventOutcome(long payrollId, Kind outcome, String detail) {

    public enum Kind {
        /** Recorded now (and, when live, sent). */
        RECORDED,
        /** Already recorded with the same facts: a repeat, nothing done. */
        DUPLICATE,
        /** Already recorded with other facts: refused, the recorded one stands. */
        CONFLICT,
        /** Refused as invalid (the same rules as a single event), nothing recorded. */
        INVALID
    }
}
