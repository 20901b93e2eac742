package dev.parallelrun.notificationservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.warmup.WarmUp;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The warm-up this service is configured with runs the paths it is meant to (previews built, a batch refused, a read)
 * and leaves nothing behind: no notification recorded or sent, nothing counted as served.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "warm-up.enabled=true", "warm-up.iterations=50", "warm-up.max-rounds=1" })
@AutoConfigureMetrics
@Import(TestcontainersConfiguration.class)
class WarmUpConfigurationTests {

    @Autowired
    WarmUp warmUp;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void theInstanceWarmsItsEventPathsBeforeItIsReadyAndLeavesNothingBehind() {
        assertThat(warmUp.answers()).isEqualTo(Map.of(
                "POST /notifications/preview/batch", Map.of(200, 50L),
                "POST /notifications/batch", Map.of(400, 50L),
                "GET /notifications/0", Map.of(404, 50L)));
        assertThat(jdbc.sql("SELECT count(*) FROM notification").query(Long.class).single()).isZero();
        assertThat(meters.get("notifications.recorded").counter().count()).isZero();
        assertThat(meters.get("notifications.sent").counter().count()).isZero();
        assertThat(meters.get("served.requests").functionCounter().count()).isZero();
    }
}
