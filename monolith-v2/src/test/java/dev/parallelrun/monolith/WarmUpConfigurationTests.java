package dev.parallelrun.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.warmup.WarmUp;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The warm-up this service is configured with runs the paths it is meant to (each request answered as expected,
 * the payroll task without a failure) and leaves nothing behind: no payroll, nothing notified, nothing counted as
 * served or created.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "warm-up.enabled=true", "warm-up.iterations=50", "warm-up.max-rounds=1" })
@AutoConfigureMetrics
@AutoConfigureRestTestClient
@Import(TestcontainersConfiguration.class)
class WarmUpConfigurationTests {

    @Autowired
    WarmUp warmUp;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    RestTestClient http;

    @Test
    void theInstanceWarmsThePayrollPathBeforeItIsReadyAndLeavesNothingBehind() {
        assertThat(warmUp.taskFailures()).isZero();
        assertThat(warmUp.answers()).isEqualTo(Map.of(
                "POST /payroll", Map.of(400, 50L),
                "GET /payroll?size=5", Map.of(200, 5L),   // a page counts the table: its own few times
                "GET /payroll/0", Map.of(404, 50L)));

        assertThat(count("payroll")).isZero();
        assertThat(count("notification")).isZero();
        assertThat(count("candidate_delivery")).isZero();
        assertThat(meters.get("payrolls").counter().count()).isZero();
        assertThat(meters.find("notifications.sent").counters()).allSatisfy(sent -> assertThat(sent.count()).isZero());
        assertThat(meters.get("served.requests").functionCounter().count()).isZero();

        // The identity values the rolled-back inserts drew were given back: a new lab's first payroll is payroll 1.
        http.post().uri("/payroll").contentType(MediaType.APPLICATION_JSON).body("{\"shipTo\":\"Juablaz\",\"total\":320}")
                .exchange().expectStatus().isCreated().expectHeader().location("/payroll/1");
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
