package dev.parallelrun.monolith.candidate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.parallelrun.monolith.TestcontainersConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The parallel run's promise, against a controllable fake of the notification microservice: whatever the candidate
 * does (down, slower than the timeout, failing, flapping), the user gets 201 without waiting for it, is notified
 * exactly once by the monolith, and every event reaches the candidate once it recovers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "notification.mode=parallel-run",
        "candidate.connect-timeout=300ms", "candidate.read-timeout=500ms", "candidate.relay-interval=100ms",
        "candidate.initial-backoff=50ms", "candidate.max-backoff=300ms", "candidate.breaker-open-for=300ms",
        "candidate.lease=3s" })
@Import(TestcontainersConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class ParallelRunFailureModesTests {

    /** The user must never wait for the candidate: a POST well under the candidate's 500 ms read timeout. */
    private static final Duration QUICK = Duration.ofMillis(450);
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    static WireMockServer candidate = started(0);
    static final int CANDIDATE_PORT = candidate.port();

    @DynamicPropertySource
    static void candidateUrl(DynamicPropertyRegistry registry) {
        registry.add("candidate.url", () -> "http://127.0.0.1:" + CANDIDATE_PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void candidateBackToHealthy() {
        if (!candidate.isRunning()) {
            candidate = started(CANDIDATE_PORT);
        }
        candidate.resetAll();
    }

    @AfterAll
    static void stopCandidate() {
        candidate.stop();
    }

    @Test
    void healthyCandidateGetsEveryEventAndTheMonolithRecordsWhatItSent(CapturedOutput output) throws Exception {
        candidateAnswers(201);

        List<Long> ids = payrolls("healthy", 5);

        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "healthy", ids);
        for (long id : ids) {
            assertThat(jdbc.sql("SELECT message FROM notification WHERE payroll_id = :id").param("id", id)
                    .query(String.class).single()).isEqualTo("Payroll " + id + " shipped to healthy of 12.5");
            candidate.verify(postRequestedFor(urlEqualTo("/notifications")).withRequestBody(
                    com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                            "{\"payrollId\":" + id + ",\"shipTo\":\"healthy\",\"total\":12.50}")));
        }
    }

    @Test
    void candidateDown(CapturedOutput output) throws Exception {
        candidate.stop();

        List<Long> ids = payrolls("down", 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(ids) >= ids.size());
        assertThat(undelivered(ids)).isEqualTo(ids.size());

        candidate = started(CANDIDATE_PORT);
        candidateAnswers(201);
        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "down", ids);
    }

    @Test
    void candidateSlowerThanTheTimeout(CapturedOutput output) throws Exception {
        candidate.stubFor(post("/notifications").willReturn(aResponse().withStatus(201).withFixedDelay(3_000)));

        List<Long> ids = payrolls("slow", 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(ids) >= ids.size());

        candidate.resetAll();
        candidateAnswers(201);
        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "slow", ids);
    }

    @Test
    void candidateFailingWith500s(CapturedOutput output) throws Exception {
        candidateAnswers(500);

        List<Long> ids = payrolls("failing", 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(ids) >= 2L * ids.size());
        assertThat(undelivered(ids)).isEqualTo(ids.size());

        candidateAnswers(201);
        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "failing", ids);
    }

    @Test
    void candidateFlapping(CapturedOutput output) throws Exception {
        candidate.stubFor(post("/notifications").inScenario("flapping").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        candidate.stubFor(post("/notifications").inScenario("flapping").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201)).willSetStateTo(Scenario.STARTED));

        List<Long> ids = payrolls("flapping", 10);

        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "flapping", ids);
    }

    private List<Long> payrolls(String shipTo, int count) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/payroll"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"shipTo\":\"" + shipTo + "\",\"total\":12.5}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(took).as("payroll %d of %s took", i, shipTo).isLessThan(QUICK);
            Matcher id = ID.matcher(response.body());
            assertThat(id.find()).isTrue();
            ids.add(Long.parseLong(id.group(1)));
        }
        return ids;
    }

    private void candidateAnswers(int status) {
        candidate.stubFor(post("/notifications").willReturn(aResponse().withStatus(status)));
    }

    private void awaitDelivered(List<Long> ids) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(undelivered(ids)).isZero();
            List<String> received = candidate.findAll(postRequestedFor(urlEqualTo("/notifications"))).stream()
                    .map(request -> request.getBodyAsString()).toList();
            for (long id : ids) {
                assertThat(received).anyMatch(body -> body.startsWith("{\"payrollId\":" + id + ","));
            }
        });
    }

    private long undelivered(List<Long> ids) {
        return jdbc.sql("SELECT count(*) FROM candidate_delivery WHERE payroll_id IN (:ids) AND delivered_at IS NULL")
                .param("ids", ids).query(Long.class).single();
    }

    private long attemptsOf(List<Long> ids) {
        return jdbc.sql("SELECT coalesce(sum(attempts), 0) FROM candidate_delivery WHERE payroll_id IN (:ids)")
                .param("ids", ids).query(Long.class).single();
    }

    private static void assertNotifiedOnceByTheMonolith(CapturedOutput output, String shipTo, List<Long> ids) {
        for (long id : ids) {
            String line = "Notification sent to " + shipTo + ": Payroll " + id + " shipped";
            assertThat(output.getOut().lines().filter(l -> l.contains(line)).count()).as(line).isEqualTo(1);
        }
    }

    private static WireMockServer started(int port) {
        WireMockServer server = new WireMockServer(options().port(port));
        server.start();
        return server;
    }
}
