package dev.parallelrun.batch.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parallelrun.batch.ComparedDatabases;
import dev.parallelrun.batch.TestcontainersConfiguration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The verdict under the conditions a running parallel run lives in: twins written a moment apart while passes run
 * back to back, and a transaction that stays open long after its row was created.
 */
@SpringBootTest(properties = { "comparison.grace-period=1s", "comparison.lateness-window=2s",
        "comparison.interval=1h" })
@Import(TestcontainersConfiguration.class)
class LiveTrafficTests {

    private static final Duration GRACE_AND_LATENESS = Duration.ofSeconds(3);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ComparedDatabases databases;

    @Autowired
    ComparisonService comparison;

    SourceTables tables;

    @BeforeEach
    void onePairAlreadyCompared() {
        tables = new SourceTables(databases, jdbc);
        tables.recreate();
        tables.pair(1, 60);
    }

    /**
     * 200 matching payrolls at 50 a second, each twin written up to half a second after (or before) its monolith
     * record, passes run every 25 ms: every answer is true, and no difference was ever recorded.
     */
    @Test
    void steadyMatchingTrafficIsTrueAtEveryPass() throws Exception {
        int payrolls = 200;
        CountDownLatch written = new CountDownLatch(payrolls);
        ScheduledExecutorService traffic = Executors.newScheduledThreadPool(2);
        List<Boolean> answers = new ArrayList<>();
        try {
            for (int i = 0; i < payrolls; i++) {
                long id = i + 2;
                long at = i * 20L;
                traffic.schedule(() -> tables.monolith(id, SourceTables.message(id), 0), at, TimeUnit.MILLISECONDS);
                traffic.schedule(() -> {
                    tables.candidate(id, SourceTables.message(id), 0);
                    written.countDown();
                }, at + ThreadLocalRandom.current().nextLong(500), TimeUnit.MILLISECONDS);
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25)).until(() -> {
                answers.add(comparison.compare("live"));
                return written.getCount() == 0 && matched() == payrolls + 1;
            });
        }
        finally {
            traffic.shutdownNow();
        }
        // Passes ran all through the 4.5 s of traffic (how many depends on the machine: about 100 on two cores).
        assertThat(answers).hasSizeGreaterThanOrEqualTo(20).containsOnly(true);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reconciliation_difference", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT sum(missing_in_candidate + missing_in_monolith) FROM reconciliation_pass",
                Long.class)).isZero();
    }

    /**
     * A row whose transaction commits long after the row was created (a pool wait, a GC pause, a slow disk) must not
     * fall behind the cursor: the pass does not read past a transaction still open that has written.
     */
    @Test
    void aRowCommittedLongAfterItsCreationIsStillComparedAndMatches() throws Exception {
        try (Connection held = DriverManager.getConnection(databases.monolithUrl(), databases.username(),
                databases.password())) {
            held.setAutoCommit(false);
            Instant created;
            try (Statement insert = held.createStatement()) {
                insert.executeUpdate("INSERT INTO payroll (id, ship_to, total, created_at) VALUES (2, 'Juablaz', 320, now())");
                insert.executeUpdate("INSERT INTO notification (payroll_id, recipient, message) VALUES (2, 'Juablaz', '"
                        + SourceTables.message(2) + "')");
                try (ResultSet row = insert.executeQuery("SELECT created_at FROM notification WHERE payroll_id = 2")) {
                    row.next();
                    created = row.getTimestamp(1).toInstant();
                }
            }
            tables.candidate(2, SourceTables.message(2), 0);

            // Held open well past the grace period and the lateness window, while passes run: pending, never missing.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(comparison.compare("held")).isTrue();
                return databaseNow().isAfter(created.plus(GRACE_AND_LATENESS).plusSeconds(2));
            });
            held.commit();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(comparison.compare("committed")).isTrue();
            assertThat(matched()).isEqualTo(2);
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reconciliation_difference", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reconciliation_awaiting_twin", Long.class)).isZero();
    }

    private long matched() {
        return jdbc.queryForObject("SELECT records FROM reconciliation_total WHERE name = 'MATCHED'", Long.class);
    }

    private Instant databaseNow() {
        return tables.monolithDatabase().sql("SELECT clock_timestamp()").query(java.sql.Timestamp.class).single()
                .toInstant();
    }
}
