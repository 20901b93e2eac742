package dev.parallelrun.monolith.candidate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import dev.parallelrun.monolith.TestcontainersConfiguration;
import dev.parallelrun.monolith.payroll.PayrollResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The parallel run's promise, against a controllable fake of the notification microservice: whatever the candidate
 * does (down, slower than the timeout, failing, flapping, answering 4xx), the user gets 201 without waiting for it,
 * is notified exactly once by the monolith, and every event reaches the candidate once it recovers; an event it
 * refuses as invalid stays visible until an operator requeues it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "notification.mode=parallel-run",
        "candidate.connect-timeout=300ms", "candidate.read-timeout=500ms", "candidate.relay-interval=100ms",
        "candidate.initial-backoff=50ms", "candidate.max-backoff=300ms", "candidate.breaker-open-for=300ms",
        "candidate.lease=3s" })
@Import(TestcontainersConfiguration.class)
@AutoConfigureRestTestClient
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class ParallelRunFailureModesTests {

    /** The user must never wait for the candidate: a POST well under the candidate's 500 ms read timeout. */
    private static final Duration QUICK = Duration.ofMillis(450);

    static WireMockServer candidate = started(0);
    static final int CANDIDATE_PORT = candidate.port();

    @DynamicPropertySource
    static void candidateUrl(DynamicPropertyRegistry registry) {
        registry.add("candidate.url", () -> "http://127.0.0.1:" + CANDIDATE_PORT);
    }

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

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

    /**
     * Only "this event is invalid" is final. A mistyped URL (404), an auth proxy (401/403), a redeploy (415), a
     * throttle (429) or an outage (503) is retried until it clears: nothing is dropped, and fixing the cause brings
     * every event through.
     */
    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = { 401, 403, 404, 415, 429, 503 })
    void answersThatDoNotSayTheEventIsInvalidAreRetried(int status, CapturedOutput output) {
        candidateAnswers(status);

        List<Long> ids = payrolls("retried-" + status, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(ids) >= 2L * ids.size());
        assertThat(undelivered(ids)).isEqualTo(ids.size());
        assertThat(rejected(ids)).isZero();

        candidateAnswers(201);
        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "retried-" + status, ids);
    }

    /**
     * The microservice says the event itself is invalid: the event is kept, not retried, logged at ERROR with its
     * payroll id and counted; once the cause is fixed, one request to the outbox endpoint brings it through.
     */
    @Test
    void anInvalidEventIsRejectedVisiblyAndRequeuedAfterAFix(CapturedOutput output) {
        double rejectedBefore = meters.get("candidate.events").tag("outcome", "rejected").counter().count();
        candidateAnswers(400);

        List<Long> ids = payrolls("invalid", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected(ids) == ids.size());
        long attempts = attemptsOf(ids);
        assertThat(attempts).isEqualTo(ids.size());
        for (long id : ids) {
            assertThat(output.getOut()).containsPattern(
                    "ERROR .* Notification service refused the event of payroll " + id + " as invalid");
        }
        assertThat(meters.get("candidate.events").tag("outcome", "rejected").counter().count())
                .isEqualTo(rejectedBefore + ids.size());
        http.get().uri("/actuator/outbox").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.rejectedEvents[*].payrollId").value(rejectedIds ->
                        assertThat(rejectedIds.toString()).contains(ids.get(0).toString(), ids.get(1).toString()));

        candidateAnswers(201);
        http.post().uri("/actuator/outbox").contentType(MediaType.APPLICATION_JSON).body("{}").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.requeued").value(requeued -> assertThat(((Number) requeued).intValue())
                        .isGreaterThanOrEqualTo(ids.size()));

        awaitDelivered(ids);
        assertThat(rejected(ids)).isZero();
    }

    /**
     * A slow microservice: events are claimed only by a sender about to call, so none waits in a queue while its
     * lease runs out and is claimed and sent a second time.
     */
    @Test
    void aSlowCandidateGetsEachEventOnce() {
        candidate.stubFor(post("/notifications").willReturn(aResponse().withStatus(201).withFixedDelay(400)));

        List<Long> ids = payrolls("slow-but-fine", 40);

        awaitDelivered(ids);
        for (long id : ids) {
            assertThat(candidate.findAll(postRequestedFor(urlEqualTo("/notifications"))
                    .withRequestBody(matchingJsonPath("$.payrollId", equalTo(String.valueOf(id))))))
                    .as("calls for payroll %d", id).hasSize(1);
        }
    }

    private List<Long> payrolls(String shipTo, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            PayrollResponse created = http.post().uri("/payroll").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"shipTo\":\"" + shipTo + "\",\"total\":12.5}").exchange()
                    .expectStatus().isCreated().expectBody(PayrollResponse.class).returnResult().getResponseBody();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).as("payroll %d of %s took", i, shipTo).isLessThan(QUICK);
            ids.add(created.id());
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

    private long rejected(List<Long> ids) {
        return jdbc.sql("SELECT count(*) FROM candidate_delivery WHERE payroll_id IN (:ids) AND rejected_at IS NOT NULL")
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
