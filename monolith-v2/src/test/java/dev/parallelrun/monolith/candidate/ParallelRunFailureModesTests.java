package dev.parallelrun.monolith.candidate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.parallelrun.monolith.TestcontainersConfiguration;
import dev.parallelrun.monolith.payroll.PayrollResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
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
        "notification.mode=parallel-run", "candidate.relay-interval=100ms", "candidate.initial-backoff=50ms",
        "candidate.max-backoff=300ms", "candidate.breaker-open-for=300ms",
        "spring.http.serviceclient.notification-service.connect-timeout=300ms",
        "spring.http.serviceclient.notification-service.read-timeout=5s" })
@Import(TestcontainersConfiguration.class)
@AutoConfigureRestTestClient
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class ParallelRunFailureModesTests {

    /**
     * The user must never wait for the candidate: a POST well under the candidate's 5 s read timeout, the slow
     * candidate's 6 s too, with room for a machine busy with other work (450 ms under a 500 ms timeout was too tight
     * beside a running lab; a request in a test JVM just started there once took 1.3 s).
     */
    private static final Duration QUICK = Duration.ofSeconds(3);

    @RegisterExtension
    static final FakeNotificationService candidate = new FakeNotificationService();

    @DynamicPropertySource
    static void candidateUrl(DynamicPropertyRegistry registry) {
        candidate.isTheNotificationService(registry);
    }

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void candidateBackToHealthy() {
        candidate.restart();
    }

    @Test
    void healthyCandidateGetsEveryEventAndTheMonolithRecordsWhatItSent(CapturedOutput output) {
        List<Long> ids = payrolls("healthy", 5);

        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "healthy", ids);
        for (long id : ids) {
            assertThat(jdbc.sql("SELECT message FROM notification WHERE payroll_id = :id").param("id", id)
                    .query(String.class).single()).isEqualTo("Payroll " + id + " shipped to healthy of 12.5");
        }
        assertThat(candidate.receivedEvents()).filteredOn(event -> ids.contains(event.get("payrollId").asLong()))
                .hasSize(ids.size()).allSatisfy(event -> {
                    assertThat(event.get("shipTo").asString()).isEqualTo("healthy");
                    assertThat(event.get("total").decimalValue()).isEqualByComparingTo("12.50");
                });
    }

    @Test
    void candidateDown(CapturedOutput output) {
        candidate.stopListening();

        List<Long> ids = payrolls("down", 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(ids) >= ids.size());
        assertThat(undelivered(ids)).isEqualTo(ids.size());

        candidate.restart();
        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "down", ids);
    }

    @Test
    void candidateSlowerThanTheTimeout(CapturedOutput output) {
        candidate.wireMock().stubFor(FakeNotificationService.batch()
                .willReturn(FakeNotificationService.everyEvent("RECORDED").withFixedDelay(6_000)));

        List<Long> ids = payrolls("slow", 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> attemptsOf(ids) >= ids.size());

        candidate.recordsEveryEvent();
        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "slow", ids);
    }

    @Test
    void candidateFailingWith500s(CapturedOutput output) {
        candidate.answers(500);

        List<Long> ids = payrolls("failing", 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(ids) >= 2L * ids.size());
        assertThat(undelivered(ids)).isEqualTo(ids.size());

        candidate.recordsEveryEvent();
        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "failing", ids);
    }

    @Test
    void candidateFlapping(CapturedOutput output) {
        candidate.wireMock().resetMappings();
        candidate.wireMock().stubFor(FakeNotificationService.batch().inScenario("flapping")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        candidate.wireMock().stubFor(FakeNotificationService.batch().inScenario("flapping").whenScenarioStateIs("up")
                .willReturn(FakeNotificationService.everyEvent("RECORDED")).willSetStateTo(Scenario.STARTED));

        List<Long> ids = payrolls("flapping", 10);

        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "flapping", ids);
    }

    /**
     * Only "this event is invalid" is final. A mistyped URL (404), an auth proxy (401/403), a redeploy (415), a
     * throttle (429), an outage (503), or a batch the microservice cannot read (400) is retried until it clears:
     * nothing is dropped, and fixing the cause brings every event through.
     */
    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = { 400, 401, 403, 404, 415, 429, 503 })
    void answersThatDoNotSayAnEventIsInvalidAreRetried(int status, CapturedOutput output) {
        candidate.answers(status);

        List<Long> ids = payrolls("retried-" + status, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(ids) >= 2L * ids.size());
        assertThat(undelivered(ids)).isEqualTo(ids.size());
        assertThat(rejected(ids)).isZero();

        candidate.recordsEveryEvent();
        awaitDelivered(ids);
        assertNotifiedOnceByTheMonolith(output, "retried-" + status, ids);
    }

    /**
     * The microservice says an event itself is invalid (or conflicts with what it recorded): that event is kept, not
     * retried, logged at ERROR with its payroll id and counted; once the cause is fixed, one request to the outbox
     * endpoint brings it through.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "INVALID", "CONFLICT" })
    void anEventRefusedForGoodIsKeptVisiblyAndRequeuedAfterAFix(String outcome, CapturedOutput output) {
        double rejectedBefore = meters.get("candidate.events").tag("outcome", "rejected").counter().count();
        candidate.answersEveryEvent(outcome);

        List<Long> ids = payrolls("refused-" + outcome, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected(ids) == ids.size());
        assertThat(attemptsOf(ids)).isEqualTo(ids.size());
        for (long id : ids) {
            assertThat(output.getOut()).containsPattern(
                    "ERROR .* Notification service refused the event of payroll " + id + " as invalid \\(" + outcome);
        }
        assertThat(meters.get("candidate.events").tag("outcome", "rejected").counter().count())
                .isEqualTo(rejectedBefore + ids.size());
        http.get().uri("/actuator/outbox").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.rejectedEvents[*].payrollId").value(rejectedIds ->
                        assertThat(rejectedIds.toString()).contains(ids.get(0).toString(), ids.get(1).toString()));

        candidate.recordsEveryEvent();
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
        candidate.wireMock().resetMappings();
        candidate.wireMock().stubFor(FakeNotificationService.batch()
                .willReturn(FakeNotificationService.everyEvent("RECORDED").withFixedDelay(400)));

        List<Long> ids = payrolls("slow-but-fine", 40);

        awaitDelivered(ids);
        List<Long> received = candidate.receivedPayrollIds();
        for (long id : ids) {
            assertThat(Collections.frequency(received, id)).as("calls carrying payroll %d", id).isEqualTo(1);
        }
    }

    /** Under load, events gather while a call is in flight: one call carries many of them. */
    @Test
    void eventsThatGatherGoInOneCall() throws Exception {
        candidate.wireMock().resetMappings();
        candidate.wireMock().stubFor(FakeNotificationService.batch()
                .willReturn(FakeNotificationService.everyEvent("RECORDED").withFixedDelay(200)));

        List<Long> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService users = Executors.newFixedThreadPool(6);
        try {
            Callable<List<Long>> user = () -> payrolls("gathered", 10);
            for (Future<List<Long>> created : users.invokeAll(Collections.nCopies(6, user))) {
                ids.addAll(created.get());
            }
        }
        finally {
            users.shutdownNow();
        }

        awaitDelivered(ids);
        assertThat(candidate.callsCarrying(ids)).as("calls for %d events", ids.size()).isLessThan(ids.size() / 2);
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

    private void awaitDelivered(List<Long> ids) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(undelivered(ids)).isZero();
            assertThat(candidate.receivedPayrollIds()).containsAll(ids);
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
}
