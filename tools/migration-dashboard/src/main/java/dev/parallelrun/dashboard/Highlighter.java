package dev.parallelrun.dashboard;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which parts of two values differ, word by word (java-diff-utils' Myers diff over words, spaces and punctuation), so
 * that the page can mark them: "shipped to Juablaz <mark>of</mark> 320" against "… <mark>for</mark> 320".
 */
final class Highlighter {

    /** A run of text, changed or not. */
    record Segment(String text, boolean changed) {
    }

    /** Both values cut into segments; a side without a value has none. */
    record Highlighted(List<Segment> monolith, List<Segment> candidate) {
    }

    private static final Pattern TOKEN = Pattern.compile("\\s+|[\\p{L}\\p{N}_]+|.", Pattern.DOTALL);

    private Highlighter() {
    }

    static Highlighted between(String monolith, String candidate) {
        if (monolith == null || candidate == null) {
            return new Highlighted(whole(monolith), whole(candidate));
        }
        List<String> before = tokens(monolith);
        List<String> after = tokens(candidate);
        boolean[] removed = new boolean[before.size()];
        boolean[] added = new boolean[after.size()];
        for (AbstractDelta<String> delta : DiffUtils.diff(before, after).getDeltas()) {
            mark(removed, delta.getSource().getPosition(), delta.getSource().size());
            mark(added, delta.getTarget().getPosition(), delta.getTarget().size());
        }
        return new Highlighted(segments(before, removed), segments(after, added));
    }

    private static List<Segment> whole(String value) {
        return value == null ? List.of() : List.of(new Segment(value, false));
    }

    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        Matcher token = TOKEN.matcher(value);
        while (token.find()) {
            tokens.add(token.group());
        }
        return tokens;
    }

    private static void mark(boolean[] changed, int from, int size) {
        for (int i = from; i < from + size; i++) {
            changed[i] = true;
        }
    }

    /** Neighbouring tokens alike in being changed or not make one segment. */
    private static List<Segment> segments(List<String> tokens, boolean[] changed) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0 && changed[i] != changed[i - 1]) {
                segments.add(new Segment(run.toString(), changed[i - 1]));
                run.setLength(0);
            }
            run.append(tokens.get(i));
        }
        if (!tokens.isEmpty()) {
            segments.add(new Segment(run.toString(), changed[tokens.size() - 1]));
        }
        return segments;
    }
}
