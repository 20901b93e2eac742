package dev.parallelrun.batch.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parallelrun.batch.ComparedDatabases;
import dev.parallelrun.batch.TestcontainersConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/** The original batch forgot @EnableScheduling and never ran; this one does, every comparison.interval. */
@SpringBootTest(properties = { "comparison.interval=200ms", "comparison.grace-period=1s" })
@Import(TestcontainersConfiguration.class)
class ScheduleTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ComparedDatabases databases;

    @Test
    void passesRunOnTheirOwn() {
        SourceTables tables = new SourceTables(databases, jdbc);
        tables.recreate();
        tables.pair(1, 60);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM reconciliation_pass WHERE trigger = 'scheduled' AND matched = 1", Long.class))
                .isEqualTo(1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM reconciliation_pass WHERE trigger = 'scheduled'", Long.class))
                .isGreaterThanOrEqualTo(3));
    }
}
