package dev.parallelrun.monolith.candidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import dev.parallelrun.monolith.payroll.PayrollResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
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
 * {@code NOTIFICATION_MODE=monolith}: monolith-v2 with the parallel run switched off, the kill switch that stops
 * the comparison without rolling the release back. It notifies as stage 1 did, records nothing and hands nothing to
 * the microservice, even with a microservice reachable.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "notification.mode=monolith", "candidate.relay-interval=100ms" })
@Import(TestcontainersConfiguration.class)
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class MonolithModeTests {

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

    @Test
    void notifiesAsStageOneDidAndNothingMore(CapturedOutput output) {
        long id = http.post().uri("/payroll").contentType(MediaType.APPLICATION_JSON)
                .body("{\"shipTo\":\"Kill switch\",\"total\":3}").exchange().expectStatus().isCreated()
                .expectBody(PayrollResponse.class).returnResult().getResponseBody().id();

        await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut()
                .contains("Notification sent to Kill switch: Payroll " + id + " shipped to Kill switch of 3"));
        assertThat(jdbc.sql("SELECT count(*) FROM candidate_delivery").query(Long.class).single())
                .as("no event in the outbox").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM notification").query(Long.class).single())
                .as("nothing recorded for a comparison").isZero();
        // Ten relay intervals: had anything been forwarded, the fake would have it.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> candidate.receivedEvents().isEmpty());
        http.get().uri("/actuator/outbox").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.mode").isEqualTo("MONOLITH").jsonPath("$.pending").isEqualTo(0);
    }

    @Test
    void theExperimentsEndpointsSayHowToStartOne() {
        for (String path : new String[] { "/experiment/notify", "/experiment/notify/report?size=5" }) {
            http.get().uri(path).exchange().expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                    .jsonPath("$.detail").isEqualTo("monolith-v2 runs in monolith mode, without the experiment: "
                            + "start it with NOTIFICATION_MODE=experiment (docs/example-2-experiment.md)");
        }
    }
}
