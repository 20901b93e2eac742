package dev.parallelrun.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.compare.Difference.Kind;
import dev.parallelrun.compare.ExchangeComparator.Verdict;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison rules, one test per rule and mode, on answers built by hand. */
class ExchangeComparatorTests {

    @Test
    void objectKeysInAnyOrderAreEqual() {
        assertThat(strict().compare(json("{\"id\":1,\"shipTo\":\"Juablaz\"}"), json("{\"shipTo\":\"Juablaz\",\"id\":1}"),
                null).differences()).isEmpty();
    }

    @Test
    void numbersAreComparedByValue() {
        assertThat(strict().compare(json("{\"total\":320}"), json("{\"total\":320.00}"), null).differences())
                .isEmpty();
        assertThat(strict().compare(json("{\"total\":1e2}"), json("{\"total\":100}"), null).differences()).isEmpty();
    }

    @Test
    void aNumberRenderedAsTextIsAMismatchWithBothValuesAsWritten() {
        Verdict verdict = strict().compare(json("{\"id\":1,\"total\":320.00}"), json("{\"id\":1,\"total\":\"320.00\"}"),
                null);

        assertThat(verdict.equal()).isFalse();
        Difference difference = verdict.differences().get(0);
        assertThat(difference.pointer()).isEqualTo("/body/total");
        assertThat(difference.kind()).isEqualTo(Kind.FIELD_MISMATCH);
        assertThat(difference.primary().isNumber()).isTrue();
        assertThat(difference.primary().toString()).isEqualTo("320.00");
        assertThat(difference.candidate().isString()).isTrue();
        assertThat(difference.candidate().asString()).isEqualTo("320.00");
    }

    @Test
    void arraysAreComparedInOrder() {
        Verdict verdict = strict().compare(json("{\"l\":[1,2,3]}"), json("{\"l\":[3,2,1]}"), null);

        assertThat(verdict.differences()).extracting(Difference::pointer).containsExactly("/body/l/0", "/body/l/2");
    }

    @Test
    void anArrayDeclaredUnorderedIsComparedWithoutRegardToOrder() {
        ExchangeComparator comparator = comparator(Map.of("unordered-pointers", "/content"));

        assertThat(comparator.compare(json("{\"content\":[{\"id\":1},{\"id\":2}]}"),
                json("{\"content\":[{\"id\":2},{\"id\":1}]}"), null).differences()).isEmpty();
        assertThat(comparator.compare(json("{\"content\":[1,2,3]}"), json("{\"content\":[3,2]}"), null).equal())
                .isFalse();
        assertThat(comparator.compare(json("{\"other\":[1,2]}"), json("{\"other\":[2,1]}"), null).equal()).isFalse();
    }

    @Test
    void strictRefusesAFieldTheCandidateAdds() {
        Verdict verdict = strict().compare(json("{\"id\":1}"), json("{\"id\":1,\"currency\":\"EUR\"}"), null);

        assertThat(verdict.differences()).singleElement().satisfies(difference -> {
            assertThat(difference.pointer()).isEqualTo("/body/currency");
            assertThat(difference.kind()).isEqualTo(Kind.ADDED_BY_CANDIDATE);
            assertThat(difference.primary()).isNull();
            assertThat(difference.candidate().asString()).isEqualTo("EUR");
        });
    }

    @Test
    void subsetAcceptsAFieldTheCandidateAddsButNotOneItDrops() {
        ExchangeComparator subset = comparator(Map.of("mode", "subset"));

        assertThat(subset.compare(json("{\"id\":1}"), json("{\"id\":1,\"currency\":\"EUR\"}"), null).equal()).isTrue();
        Verdict dropped = subset.compare(json("{\"id\":1,\"shipTo\":\"Juablaz\"}"), json("{\"id\":1}"), null);
        assertThat(dropped.differences()).singleElement().satisfies(difference -> {
            assertThat(difference.pointer()).isEqualTo("/body/shipTo");
            assertThat(difference.kind()).isEqualTo(Kind.MISSING_IN_CANDIDATE);
            assertThat(difference.candidate()).isNull();
        });
    }

    @Test
    void schemaLeavesValuesFreeButNotTypesOrStructure() {
        ExchangeComparator schema = comparator(Map.of("mode", "schema"));

        assertThat(schema.compare(json("{\"id\":1,\"shipTo\":\"a\"}"), json("{\"id\":2,\"shipTo\":\"b\"}"), null)
                .equal()).isTrue();
        assertThat(schema.compare(json("{\"id\":1,\"total\":320}"), json("{\"id\":1,\"total\":\"320\"}"), null)
                .differences()).extracting(Difference::pointer).containsExactly("/body/total");
        assertThat(schema.compare(json("{\"id\":1}"), json("{}"), null).equal()).isFalse();
    }

    @Test
    void schemaStillComparesTheStatus() {
        assertThat(comparator(Map.of("mode", "schema")).compare(json(200, "{}"), json(201, "{}"), null)
                .differences()).extracting(Difference::pointer).containsExactly("/status");
    }

    @Test
    void anIgnoredPointerIsNeverReportedAndAStarStandsForAnyIndex() {
        ExchangeComparator comparator = comparator(Map.of("ignored-pointers", "/createdAt,/content/*/createdAt"));

        Verdict verdict = comparator.compare(
                json("{\"createdAt\":\"a\",\"content\":[{\"createdAt\":\"a\",\"total\":1}]}"),
                json("{\"createdAt\":\"b\",\"content\":[{\"createdAt\":\"b\",\"total\":2}]}"), null);

        assertThat(verdict.differences()).extracting(Difference::pointer).containsExactly("/body/content/0/total");
    }

    @Test
    void whereTheTwoPrimariesDifferIsNoiseNotHeldAgainstTheCandidate() {
        Verdict verdict = strict().compare(json("{\"id\":7,\"createdAt\":\"10:00:00.1\"}"),
                json("{\"id\":7,\"createdAt\":\"10:00:00.3\"}"), json("{\"id\":7,\"createdAt\":\"10:00:00.2\"}"));

        assertThat(verdict.equal()).isTrue();
        assertThat(verdict.noise()).containsExactly("/body/createdAt");
        assertThat(verdict.differences()).singleElement().satisfies(difference -> {
            assertThat(difference.pointer()).isEqualTo("/body/createdAt");
            assertThat(difference.noise()).isTrue();
        });
    }

    @Test
    void noiseHidesNothingElse() {
        Verdict verdict = strict().compare(json("{\"total\":320,\"createdAt\":\"1\"}"),
                json("{\"total\":321,\"createdAt\":\"3\"}"), json("{\"total\":320,\"createdAt\":\"2\"}"));

        assertThat(verdict.equal()).isFalse();
        assertThat(verdict.real()).extracting(Difference::pointer).containsExactly("/body/total");
    }

    @Test
    void theChosenHeadersAreComparedAndTheIgnoredOnesNever() {
        TargetResponse primary = response(200, Map.of("content-type", "application/json", "date", "Mon"), "{}");
        TargetResponse candidate = response(200, Map.of("content-type", "application/json;charset=UTF-8",
                "date", "Tue", "x-extra", "1"), "{}");

        assertThat(strict().compare(primary, candidate, null).differences()).extracting(Difference::pointer)
                .containsExactly("/headers/content-type");
        assertThat(comparator(Map.of("compared-headers", "*")).compare(primary, candidate, null).differences())
                .extracting(Difference::pointer).containsExactly("/headers/content-type", "/headers/x-extra");
        assertThat(comparator(Map.of("compared-headers", "*", "ignored-headers", "content-type,date,x-extra"))
                .compare(primary, candidate, null).differences()).isEmpty();
    }

    @Test
    void bodiesThatAreNotJsonAreComparedAsBytes() {
        TargetResponse primary = response(200, Map.of("content-type", "text/plain"), "Payroll 1 shipped");

        assertThat(strict().compare(primary, response(200, Map.of("content-type", "text/plain"), "Payroll 1 shipped"),
                null).differences()).isEmpty();
        assertThat(strict().compare(primary, response(200, Map.of("content-type", "text/plain"), "Payroll 1 shipped "),
                null).differences()).singleElement().satisfies(difference -> {
                    assertThat(difference.pointer()).isEqualTo("/body");
                    assertThat(difference.candidate().asString()).isEqualTo("Payroll 1 shipped ");
                });
        assertThat(strict().compare(json("{\"a\":1}"), response(200, Map.of("content-type", "application/json"),
                "{\"a\":1"), null).differences()).extracting(Difference::pointer).containsExactly("/body");
    }

    @Test
    void aKeyWithADotOrASlashIsNamedByItsJsonPointer() {
        assertThat(strict().compare(json("{\"a.b\":{\"c/d\":1}}"), json("{\"a.b\":{\"c/d\":2}}"), null).differences())
                .extracting(Difference::pointer).containsExactly("/body/a.b/c~1d");
    }

    @Test
    void aTopLevelArrayIsComparedElementByElement() {
        assertThat(strict().compare(json("[{\"id\":1}]"), json("[{\"id\":2}]"), null).differences())
                .extracting(Difference::pointer).containsExactly("/body/0/id");
    }

    @Test
    void aPatternMatchesAPointerOrWhatLiesWithinIt() {
        assertThat(JsonBodyComparison.matches("/a", "/a/b")).isTrue();
        assertThat(JsonBodyComparison.matches("/a/*/c", "/a/7/c")).isTrue();
        assertThat(JsonBodyComparison.matches("/a/*/c", "/a/7/d")).isFalse();
        assertThat(JsonBodyComparison.matches("/ab", "/a")).isFalse();
        assertThat(JsonBodyComparison.jsonUnitPath("/content/*/total")).isEqualTo("content[*].total");
        assertThat(JsonBodyComparison.jsonUnitPath("/a.b/0")).isEqualTo("a\\.b[0]");
    }

    private static ExchangeComparator strict() {
        return comparator(Map.of());
    }

    static ExchangeComparator comparator(Map<String, String> settings) {
        return new ExchangeComparator(properties(settings));
    }

    static ComparingProxyProperties properties(Map<String, String> settings) {
        return new ComparingProxyProperties(URI.create("http://primary"), URI.create("http://candidate"), null,
                ComparingProxyProperties.Mode.valueOf(settings.getOrDefault("mode", "strict").toUpperCase()),
                ComparingProxyProperties.Answer.VERDICT, Duration.ofSeconds(1),
                list(settings.getOrDefault("ignored-pointers", "")),
                list(settings.getOrDefault("unordered-pointers", "")),
                list(settings.getOrDefault("compared-headers", "content-type")),
                list(settings.getOrDefault("ignored-headers", "date")), List.of(), 10, 10);
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated.isEmpty() ? List.of() : List.of(commaSeparated.split(","));
    }

    private static TargetResponse json(String body) {
        return json(200, body);
    }

    private static TargetResponse json(int status, String body) {
        return response(status, Map.of("content-type", "application/json"), body);
    }

    private static TargetResponse response(int status, Map<String, String> headers, String body) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        headers.forEach((name, value) -> lists.put(name, List.of(value)));
        return TargetResponse.answered("test", status, lists, body.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
    }
}
