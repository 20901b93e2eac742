package dev.parallelrun.monolith.candidate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import dev.parallelrun.monolith.payroll.PayrollResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * One event the microservice fails on every time (every call that carries it), among others it takes: that event
 * keeps its growing back-off. Successes around it do not make it due again (only the breaker closing after an outage
 * does, and one failing event among successes never opens the breaker); the events that shared a failed call with it
 * are delivered on their own next attempt.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "notification.mode=parallel-run", "candidate.relay-interval=100ms", "candidate.initial-backoff=100ms",
        "candidate.max-backoff=1m" })
@Import(TestcontainersConfiguration.class)
@AutoConfigureRestTestClient
class PoisonEventBackOffTests {

    /** Fails every call that carries the poison event (a microservice bug triggered by its data). */
    @RegisterExtension
    static final FakeNotificationService candidate = new FakeNotificationService();

    static {
        candidate.wireMock().stubFor(FakeNotificationService.batch()
                .withRequestBody(matchingJsonPath("$.events[?(@.shipTo == 'poison')]"))
                .atPriority(1).willReturn(aResponse().withStatus(500)));
    }

    @DynamicPropertySource
    static void candidateUrl(DynamicPropertyRegistry registry) {
        candidate.isTheNotificationService(registry);
    }

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPoisonEventKeepsItsGrowingBackOffWhileOthersAreDelivered() {
        long poison = payroll("poison");
        await().atMost(Duration.ofSeconds(20)).until(() -> attemptsOf(poison) >= 1);

        // Four seconds of steady traffic that the microservice takes: a success every few milliseconds.
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        int others = 0;
        while (System.nanoTime() < until) {
            payroll("healthy-" + others++);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT count(*) FROM candidate_delivery WHERE delivered_at IS NULL AND payroll_id <> :poison")
                .param("poison", poison).query(Long.class).single() == 0);

        // 100 ms doubling: attempts at about 0, 0.1, 0.3, 0.7, 1.5, 3.1 s (jitter ±25 %). Made due after every
        // success, it would have been tried on every 100 ms sweep: some 40 times.
        assertThat(others).isGreaterThan(50);
        assertThat(attemptsOf(poison)).isBetween(4, 8);
        assertThat(jdbc.sql("SELECT delivered_at IS NULL AND last_error IS NOT NULL FROM candidate_delivery WHERE payroll_id = :id")
                .param("id", poison).query(Boolean.class).single()).as("still waiting, with its error").isTrue();
    }

    private long payroll(String shipTo) {
        return http.post().uri("/payroll").contentType(MediaType.APPLICATION_JSON)
                .body("{\"shipTo\":\"" + shipTo + "\",\"total\":1}").exchange().expectStatus().isCreated()
                .expectBody(PayrollResponse.class).returnResult().getResponseBody().id();
    }

    private int attemptsOf(long payrollId) {
        return jdbc.sql("SELECT attempts FROM candidate_delivery WHERE payroll_id = :id").param("id", payrollId)
                .query(Integer.class).single();
    }
}
