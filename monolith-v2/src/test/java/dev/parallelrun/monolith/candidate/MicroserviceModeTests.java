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
 * Stage 3, the final version: the monolith no longer notifies; every event goes to the (live) microservice. It
 * delivers only the events its own mode wrote, never those a parallel-run instance still owns.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "notification.mode=microservice", "candidate.relay-interval=100ms" })
@Import(TestcontainersConfiguration.class)
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class MicroserviceModeTests {

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
    void onlyTheMicroserviceNotifies(CapturedOutput output) {
        long id = http.post().uri("/payroll").contentType(MediaType.APPLICATION_JSON)
                .body("{\"shipTo\":\"Final\",\"total\":7}").exchange().expectStatus().isCreated()
                .expectBody(PayrollResponse.class).returnResult().getResponseBody().id();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(candidate.receivedEvents())
                .anySatisfy(event -> {
                    assertThat(event.get("payrollId").asLong()).isEqualTo(id);
                    assertThat(event.get("shipTo").asString()).isEqualTo("Final");
                    assertThat(event.get("total").decimalValue()).isEqualByComparingTo("7.00");
                }));
        assertThat(output.getOut()).doesNotContain("Notification sent");
        assertThat(jdbc.sql("SELECT count(*) FROM notification").query(Long.class).single()).isZero();
    }

    @Test
    void leavesEventsOfTheParallelRunToTheParallelRunInstance() {
        long payrollId = jdbc.sql("""
                INSERT INTO payroll (ship_to, total, created_at) VALUES ('Stage two', 1, now()) RETURNING id""")
                .query(Long.class).single();
        jdbc.sql("INSERT INTO candidate_delivery (payroll_id, mode, ship_to, total) VALUES (?, 'PARALLEL_RUN', 'Stage two', 1)")
                .param(payrollId).update();
        long marker = jdbc.sql("""
                INSERT INTO payroll (ship_to, total, created_at) VALUES ('Marker', 1, now()) RETURNING id""")
                .query(Long.class).single();
        jdbc.sql("INSERT INTO candidate_delivery (payroll_id, mode, ship_to, total) VALUES (?, 'MICROSERVICE', 'Marker', 1)")
                .param(marker).update();

        // Once the sweep has delivered this instance's own event, it has seen the other one and left it alone.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT delivered_at IS NOT NULL FROM candidate_delivery WHERE payroll_id = ?").param(marker)
                .query(Boolean.class).single());
        assertThat(jdbc.sql("SELECT delivered_at IS NULL AND attempts = 0 FROM candidate_delivery WHERE payroll_id = ?")
                .param(payrollId).query(Boolean.class).single()).isTrue();
        assertThat(candidate.receivedPayrollIds()).doesNotContain(payrollId);
    }
}
