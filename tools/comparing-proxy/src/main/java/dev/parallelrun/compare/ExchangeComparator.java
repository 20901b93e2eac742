package dev.parallelrun.compare;

import dev.parallelrun.compare.ComparingProxyProperties.Mode;
import dev.parallelrun.compare.Difference.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

/**
 * Compares two answers as one document, {@code {"status": …, "headers": {…}, "body": …}}, so that every difference
 * has a JSON Pointer: the status and the chosen headers always strictly, the body by the configured mode when both
 * are JSON and byte for byte when not. A secondary's answer tells noise: where the two primaries differ.
 */
final class ExchangeComparator {

    /** Longer bodies are shown cut in a report: the pointer says where, the value need not be whole. */
    static final int SHOWN_TEXT = 500;

    /** Decimals read as written: {@code 320.00} is reported as {@code 320.00}, not {@code 320.0}. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final Mode mode;
    private final List<String> comparedHeaders;
    private final List<String> ignoredHeaders;
    private final JsonBodyComparison bodies;

    ExchangeComparator(ComparingProxyProperties properties) {
        this.mode = properties.mode();
        this.comparedHeaders = properties.comparedHeaders();
        this.ignoredHeaders = properties.ignoredHeaders();
        this.bodies = new JsonBodyComparison(properties.unorderedPointers(), properties.ignoredPointers());
    }

    /** The candidate's differences from the primary, those that lie where the two primaries differ marked noise. */
    Verdict compare(TargetResponse primary, TargetResponse candidate, TargetResponse secondary) {
        Set<String> noise = new TreeSet<>();
        if (secondary != null) {
            differences(primary, secondary, Mode.STRICT).forEach(difference -> noise.add(difference.pointer()));
        }
        List<Difference> differences = differences(primary, candidate, mode).stream()
                .map(difference -> noise.stream().anyMatch(difference::liesWithin) ? difference.asNoise() : difference)
                .toList();
        return new Verdict(differences, List.copyOf(noise));
    }

    private List<Difference> differences(TargetResponse primary, TargetResponse other, Mode mode) {
        List<Difference> found = new ArrayList<>();
        if (primary.status() != other.status()) {
            found.add(new Difference("/status", Kind.FIELD_MISMATCH, IntNode.valueOf(primary.status()),
                    IntNode.valueOf(other.status()), false));
        }
        for (String header : headersCompared(primary, other)) {
            String expected = primary.header(header);
            String actual = other.header(header);
            if (expected == null ? actual != null : !expected.equals(actual)) {
                Kind kind = expected == null ? Kind.ADDED_BY_CANDIDATE
                        : actual == null ? Kind.MISSING_IN_CANDIDATE : Kind.FIELD_MISMATCH;
                found.add(new Difference("/headers/" + header.replace("~", "~0").replace("/", "~1"), kind,
                        text(expected), text(actual), false));
            }
        }
        JsonNode expectedJson = json(primary);
        JsonNode actualJson = json(other);
        if (expectedJson != null && actualJson != null) {
            found.addAll(bodies.differences(expectedJson, actualJson, mode, "/body"));
        }
        else if (!Arrays.equals(primary.body(), other.body())) {
            found.add(new Difference("/body", Kind.FIELD_MISMATCH, shown(primary.body()), shown(other.body()), false));
        }
        return found;
    }

    private Set<String> headersCompared(TargetResponse primary, TargetResponse other) {
        Set<String> names = new TreeSet<>();
        if (comparedHeaders.contains("*")) {
            names.addAll(primary.headers().keySet());
            names.addAll(other.headers().keySet());
        }
        else {
            names.addAll(comparedHeaders);
        }
        names.removeAll(ignoredHeaders);
        return names;
    }

    /** The body as JSON when it says it is JSON and parses as such; {@code null} to compare it as bytes. */
    private static JsonNode json(TargetResponse response) {
        String type = response.header("content-type");
        if (type == null || !type.toLowerCase().contains("json") || response.body().length == 0) {
            return null;
        }
        try {
            return JSON.readTree(response.body());
        }
        catch (JacksonException notJson) {
            return null;
        }
    }

    private static JsonNode text(String value) {
        return value == null ? null : StringNode.valueOf(value);
    }

    /** A body compared as bytes, shown as its text when it is UTF-8 (cut after a while), else by its size. */
    static JsonNode shown(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            return StringNode.valueOf(text.length() > SHOWN_TEXT ? text.substring(0, SHOWN_TEXT) + "…" : text);
        }
        catch (CharacterCodingException binary) {
            return StringNode.valueOf(body.length + " bytes, not UTF-8 text");
        }
    }

    /**
     * @param differences every difference found, noise included
     * @param noise       where the two primaries differed ({@code /body/createdAt}); empty without a secondary
     */
    record Verdict(List<Difference> differences, List<String> noise) {

        boolean equal() {
            return differences.stream().allMatch(Difference::noise);
        }

        List<Difference> real() {
            return differences.stream().filter(difference -> !difference.noise()).toList();
        }
    }
}
