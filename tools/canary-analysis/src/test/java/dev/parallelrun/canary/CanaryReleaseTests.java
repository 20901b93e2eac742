package dev.parallelrun.canary;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Releases from start to end through the analysis' API, against stand-ins for the two versions (their metrics, in
 * Prometheus' protobuf format, as Micrometer writes them) and for the parallel run's batch; windows of one second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "analysis.interval=1s",
        "analysis.tick=100ms", "analysis.min-requests=10", "analysis.max-empty-windows=2",
        "analysis.verdict-interval=200ms" })
@AutoConfigureRestTestClient
class CanaryReleaseTests {

    private static final Path FILES = temporaryFolder();
    private static final FakeVersion PRIMARY = new FakeVersion();
    private static final FakeVersion CANARY = new FakeVersion();
    private static final WireMockServer BATCH = new WireMockServer(options().dynamicPort());

    static {
        BATCH.start();
    }

    @Autowired
    RestTestClient http;

    private ScheduledExecutorService traffic;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("analysis.route-file", () -> FILES.resolve("route"));
        registry.add("analysis.state-file", () -> FILES.resolve("canary-release.json"));
        registry.add("spring.http.serviceclient.parallel-run-batch.base-url", BATCH::baseUrl);
    }

    @TestConfiguration
    static class TwoVersions {

        /** monolith-v1 and monolith-v2 have one instance each; final-version none. */
        @Bean
        @Primary
        InstanceResolver stand_ins() {
            return version -> Map.of("monolith-v1", List.of(PRIMARY.uri()), "monolith-v2", List.of(CANARY.uri()))
                    .getOrDefault(version, List.of());
        }
    }

    @BeforeEach
    void consistentParallelRun() {
        verdict("true", "CONSISTENT", "consistent: no open difference; 40 pairs compared, 0 records pending");
    }

    @AfterEach
    void stopTraffic() {
        if (traffic != null) {
            traffic.shutdownNow();
        }
        http.post().uri("/release/abort").exchange();
    }

    @AfterAll
    static void stopStandIns() {
        PRIMARY.close();
        CANARY.close();
        BATCH.stop();
    }

    @Test
    void aHealthyCanaryIsPromotedStepByStep() throws IOException {
        flow(5, 0, Duration.ofMillis(8));

        JsonNode started = start("{\"steps\":[20,50,100]}", 202);
        assertThat(started.get("status").asString()).isEqualTo("PROGRESSING");
        assertThat(route()).isEqualTo("monolith-v1:8080 monolith-v2:8080 20");

        JsonNode promoted = awaitEnd();
        assertThat(promoted.get("status").asString()).isEqualTo("PROMOTED");
        assertThat(promoted.get("weight").asInt()).isEqualTo(100);
        assertThat(route()).isEqualTo("monolith-v1:8080 monolith-v2:8080 100");
        assertThat(messages(promoted)).anyMatch(m -> m.endsWith("weight -> 50 %"))
                .anyMatch(m -> m.endsWith("weight -> 100 %")).anyMatch(m -> m.startsWith("promoted: every check held"));
        assertThat(names(promoted.get("checks"))).containsExactly("requests", "error rate", "latency", "parallel run");
    }

    @Test
    void aCanaryAnsweringOneInFive500IsRolledBackAtOnce() throws IOException {
        flow(4, 1, Duration.ofMillis(8));

        start("{\"steps\":[20,50,100]}", 202);
        JsonNode rolledBack = awaitEnd();

        assertThat(rolledBack.get("status").asString()).isEqualTo("ROLLED_BACK");
        assertThat(rolledBack.get("weight").asInt()).isZero();
        assertThat(route()).isEqualTo("monolith-v1:8080 monolith-v2:8080 0");
        assertThat(rolledBack.get("outcome").asString()).startsWith("rolled back to 0 %: error rate failed: ")
                .contains("of the canary's answers were 5xx", "at most 5.0 %");
        assertThat(messages(rolledBack)).noneMatch(m -> m.endsWith("weight -> 50 %"));
    }

    @Test
    void aSlowCanaryIsRolledBackOnItsLatencyAgainstThePrimarys() throws IOException {
        flow(5, 0, Duration.ofMillis(8), Duration.ofMillis(400));

        start("{}", 202);
        JsonNode rolledBack = awaitEnd();

        assertThat(rolledBack.get("outcome").asString()).startsWith("rolled back to 0 %: latency failed: canary p99 ");
        assertThat(route()).endsWith(" 0");
    }

    @Test
    void atOneHundredPercentTheCanaryIsComparedWithThePrimaryUnderTheMostLoadItServed() throws IOException {
        // Each side as slow as its share of the load: at 100 % the canary carries everything, as the primary did
        // before; the primary's p99 at 50 % (half the load) would make the canary look slower than it is.
        flowByWeight(10, Duration.ofMillis(100));

        start("{\"steps\":[10,50,100]}", 202);
        JsonNode promoted = awaitEnd();

        assertThat(promoted.get("status").asString()).as(promoted.get("outcome").asString()).isEqualTo("PROMOTED");
        assertThat(messages(promoted)).anyMatch(m -> m.endsWith("weight -> 100 %"));
    }

    @Test
    void aCanaryWhoseNotificationsDifferIsRolledBackOnTheParallelRunsVerdict() throws IOException {
        flow(5, 0, Duration.ofMillis(8));
        verdict("false", "DIFFERENCES_OPEN", "differences open: 3 field mismatches");

        start("{\"steps\":[20,100]}", 202);
        JsonNode rolledBack = awaitEnd();

        assertThat(rolledBack.get("outcome").asString()).isEqualTo("rolled back to 0 %: parallel run failed: the "
                + "parallel run's verdict is false (differences open: 3 field mismatches)");
    }

    @Test
    void noDataIsNeverAPromotion() throws IOException {
        flow(0, 0, Duration.ofMillis(8));

        start("{\"steps\":[50,100]}", 202);
        JsonNode rolledBack = awaitEnd();

        assertThat(rolledBack.get("status").asString()).isEqualTo("ROLLED_BACK");
        assertThat(rolledBack.get("outcome").asString()).startsWith("rolled back to 0 %: no data to decide on for 2 "
                + "windows in a row (requests: 0 canary requests in the window (at least 10)");
        assertThat(messages(rolledBack)).anyMatch(m -> m.startsWith("step 1 holds at 50 %: requests: 0 canary requests"));
    }

    @Test
    void aVerdictWithNothingComparedHoldsTheStep() throws IOException {
        flow(5, 0, Duration.ofMillis(8));
        verdict("false", "NOTHING_COMPARED", "nothing compared yet");

        start("{\"steps\":[50,100]}", 202);

        assertThat(awaitEnd().get("outcome").asString()).startsWith("rolled back to 0 %: no data to decide on for 2 "
                + "windows in a row (parallel run: the parallel run's verdict is false (nothing compared yet))");
    }

    @Test
    void aRouteChangedByHandStopsTheAnalysisAndIsLeftAsItIs() throws IOException {
        flow(5, 0, Duration.ofMillis(8));
        start("{\"steps\":[20,100],\"interval\":\"1h\"}", 202);

        Files.writeString(FILES.resolve("route"), "monolith-v1:8080\n");
        JsonNode aborted = awaitEnd();

        assertThat(aborted.get("status").asString()).isEqualTo("ABORTED");
        assertThat(aborted.get("outcome").asString()).startsWith("payment.service's route was changed by someone else");
        assertThat(route()).isEqualTo("monolith-v1:8080");
    }

    @Test
    void oneReleaseAtATimeAndAbortRollsBack() throws IOException {
        start("{\"steps\":[20,100],\"interval\":\"1h\"}", 202);

        JsonNode conflict = start("{}", 409);
        assertThat(conflict.get("detail").asString()).startsWith("a release of monolith-v2 is in progress (step 1 of 2");
        JsonNode aborted = http.post().uri("/release/abort").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(aborted.get("status").asString()).isEqualTo("ABORTED");
        assertThat(route()).isEqualTo("monolith-v1:8080 monolith-v2:8080 0");
        http.post().uri("/release/abort").exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aBadReleaseIsRefusedAndChangesNothing() throws IOException {
        Files.writeString(FILES.resolve("route"), "monolith-v1:8080\n");
        for (String body : List.of("{\"steps\":[50,20,100]}", "{\"steps\":[10,50]}", "{\"steps\":[0,100]}",
                "{\"steps\":[50,101]}", "{\"steps\":[]}", "{\"canary\":\"monolith-v9\"}",
                "{\"primary\":\"monolith-v2\"}", "{\"interval\":\"soon\"}", "{\"interval\":\"1s\"}",
                "{\"steps\":\"10\"}", "{\"color\":\"blue\"}", "[1]", "{")) {
            JsonNode problem = start(body, 400);
            assertThat(problem.get("detail").asString()).as(body).isNotBlank();
        }
        assertThat(start("{\"canary\":\"final-version\"}", 422).get("detail").asString())
                .isEqualTo("final-version has no instance answering on the lab's network: bring its stage up first");
        assertThat(route()).isEqualTo("monolith-v1:8080");
    }

    private void flow(int okPerTick, int errorsPerTick, Duration latency) {
        flow(okPerTick, errorsPerTick, latency, latency);
    }

    /** Both versions serve every 50 ms: the primary four times as much, always right and at {@code primaryLatency}. */
    private void flow(int okPerTick, int errorsPerTick, Duration primaryLatency, Duration canaryLatency) {
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> {
            PRIMARY.serve(4 * (okPerTick + errorsPerTick), 0, primaryLatency);
            CANARY.serve(okPerTick, errorsPerTick, canaryLatency);
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code perTick} requests every 50 ms, split by the route's weight; each side's latency grows with its share:
     * {@code perRequest} for every request it serves in that tick (a service near its capacity).
     */
    private void flowByWeight(int perTick, Duration perRequest) {
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> {
            String[] route = readRoute().split(" ");
            int weight = route.length == 3 ? Integer.parseInt(route[2]) : 0;
            int canary = perTick * weight / 100;
            int primary = perTick - canary;
            PRIMARY.serve(primary, 0, perRequest.multipliedBy(primary));
            CANARY.serve(canary, 0, perRequest.multipliedBy(canary));
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    private static String readRoute() {
        try {
            return route();
        }
        catch (IOException notYet) {
            return "";
        }
    }

    private static void verdict(String answer, String verdict, String summary) {
        BATCH.stubFor(get(urlPathEqualTo("/notification/comparation")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(answer)));
        BATCH.stubFor(get(urlPathEqualTo("/notification/comparation/report")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"verdict\":\"" + verdict + "\",\"summary\":\"" + summary + "\",\"totals\":{}}")));
    }

    private JsonNode start(String body, int status) {
        return http.post().uri("/release").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                .expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode awaitEnd() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(
                () -> http.get().uri("/release").exchange().expectBody(JsonNode.class).returnResult().getResponseBody(),
                release -> !release.get("status").asString().equals("PROGRESSING"));
    }

    private static String route() throws IOException {
        return Files.readString(FILES.resolve("route")).strip();
    }

    private static List<String> messages(JsonNode release) {
        return release.get("history").valueStream().map(event -> event.get("message").asString()).toList();
    }

    private static List<String> names(JsonNode checks) {
        return checks.valueStream().map(check -> check.get("name").asString()).toList();
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("canary-analysis");
        }
        catch (IOException failed) {
            throw new IllegalStateException(failed);
        }
    }
}
