package dev.parallelrun.compare;

import dev.parallelrun.compare.ComparingProxyProperties.Mode;
import dev.parallelrun.compare.Difference.Kind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.javacrumbs.jsonunit.core.Configuration;
import net.javacrumbs.jsonunit.core.ConfigurationWhen;
import net.javacrumbs.jsonunit.core.Option;
import net.javacrumbs.jsonunit.core.internal.Diff;
import net.javacrumbs.jsonunit.core.listener.Difference.Type;
import tools.jackson.databind.JsonNode;

/**
 * Two JSON bodies compared by JsonUnit's diff: object keys in any order, numbers by value ({@code 320} equals
 * {@code 320.00}: a zero tolerance), arrays in order unless declared unordered; the mode decides what else counts.
 * JsonUnit names a place in its own dotted syntax; this class turns it into the JSON Pointer the lab reports.
 */
final class JsonBodyComparison {

    private final Configuration base;
    private final List<String> ignoredPointers;

    JsonBodyComparison(List<String> unorderedPointers, List<String> ignoredPointers) {
        Configuration configuration = Configuration.empty().withTolerance(0);
        for (String pointer : unorderedPointers) {
            configuration = configuration.when(ConfigurationWhen.path(jsonUnitPath(pointer)),
                    ConfigurationWhen.then(Option.IGNORING_ARRAY_ORDER));
        }
        this.base = configuration;
        this.ignoredPointers = ignoredPointers;
    }

    /** How {@code candidate} differs from {@code primary}, each place a JSON Pointer under {@code prefix}. */
    List<Difference> differences(JsonNode primary, JsonNode candidate, Mode mode, String prefix) {
        List<Difference> found = new ArrayList<>();
        Configuration configuration = switch (mode) {
            case STRICT -> base;
            case SUBSET -> base.withOptions(Option.IGNORING_EXTRA_FIELDS);
            case SCHEMA -> base.withOptions(Option.IGNORING_VALUES);
        };
        configuration = configuration.withDifferenceListener((difference, context) -> {
            Kind kind = switch (difference.getType()) {
                case DIFFERENT -> Kind.FIELD_MISMATCH;
                case MISSING -> Kind.MISSING_IN_CANDIDATE;
                case EXTRA -> Kind.ADDED_BY_CANDIDATE;
            };
            String pointer = difference.getType() == Type.EXTRA
                    ? pointer(difference.getActualPath(), candidate)
                    : pointer(difference.getExpectedPath(), primary);
            if (!ignored(pointer)) {
                found.add(new Difference(prefix + pointer, kind, valueAt(primary, pointer), valueAt(candidate, pointer),
                        false));
            }
        });
        Diff.create(primary, candidate, "fullJson", "", configuration).similar();
        return found;
    }

    private boolean ignored(String pointer) {
        for (String ignored : ignoredPointers) {
            if (matches(ignored, pointer)) {
                return true;
            }
        }
        return false;
    }

    /** {@code pattern} names {@code pointer} or one of its parents; a {@code *} token stands for any one token. */
    static boolean matches(String pattern, String pointer) {
        String[] wanted = pattern.substring(1).split("/", -1);
        String[] tokens = pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/", -1);
        if (tokens.length < wanted.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (!wanted[i].equals("*") && !wanted[i].equals(tokens[i])) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode valueAt(JsonNode root, String pointer) {
        JsonNode node = root.at(pointer);
        return node.isMissingNode() ? null : node;
    }

    /**
     * The JSON Pointer of a JsonUnit path ({@code content[0].total}, {@code [2]}), read against the document it
     * points into: a key may itself hold a dot, so at each object the longest key that the path goes on with wins.
     */
    static String pointer(String path, JsonNode root) {
        StringBuilder pointer = new StringBuilder();
        JsonNode node = root;
        int at = 0;
        while (at < path.length()) {
            String token;
            if (path.charAt(at) == '[') {
                int end = path.indexOf(']', at);
                token = path.substring(at + 1, end);
                node = node == null ? null : node.get(Integer.parseInt(token));
                at = end + 1;
            }
            else {
                token = key(path, at, node);
                node = node == null ? null : node.get(token);
                at += token.length();
            }
            if (at < path.length() && path.charAt(at) == '.') {
                at++;
            }
            pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private static String key(String path, int at, JsonNode node) {
        String longest = null;
        if (node != null && node.isObject()) {
            for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
                String name = names.next();
                int end = at + name.length();
                if (path.startsWith(name, at) && (end == path.length() || path.charAt(end) == '.'
                        || path.charAt(end) == '[') && (longest == null || name.length() > longest.length())) {
                    longest = name;
                }
            }
        }
        if (longest != null) {
            return longest;
        }
        int end = at;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
        }
        return path.substring(at, end);
    }

    /** JsonUnit's path of a pointer: {@code /content/*}{@code /total} is {@code content[*].total}. */
    static String jsonUnitPath(String pointer) {
        StringBuilder path = new StringBuilder();
        for (String token : pointer.substring(1).split("/", -1)) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (key.equals("*") || key.chars().allMatch(Character::isDigit) && !key.isEmpty()) {
                path.append('[').append(key).append(']');
            }
            else {
                path.append(path.isEmpty() ? "" : ".").append(key.replace(".", "\\."));
            }
        }
        return path.toString();
    }
}
