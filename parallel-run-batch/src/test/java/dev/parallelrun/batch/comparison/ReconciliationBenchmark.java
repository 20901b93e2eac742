package dev.parallelrun.batch.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parallelrun.batch.ComparedDatabases;
import dev.parallelrun.batch.TestcontainersConfiguration;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reconciliation at scale: 1,000,000 matching pairs and 1,000 mismatches, then 1,000 new pairs on top.
 * Not part of {@code verify}; run it with
 * {@code ./mvnw -B -pl parallel-run-batch -am verify -Pbenchmark} (the profile caps the heap at 256 MB).
 */
@Tag("benchmark")
@SpringBootTest(properties = { "comparison.grace-period=1s", "comparison.lateness-window=1s",
        "comparison.interval=1h" })
@Import(TestcontainersConfiguration.class)
class ReconciliationBenchmark {

    private static final int PAIRS = 1_001_000;     // every 1001st disagrees: 1,000 mismatches

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ComparedDatabases databases;

    @Autowired
    ComparisonService comparison;

    @Test
    void oneMillionPairs() {
        SourceTables tables = new SourceTables(databases, jdbc);
        tables.recreate();
        JdbcClient monolith = tables.monolithDatabase();
        JdbcClient candidate = tables.candidateDatabase();
        long seeding = System.nanoTime();
        monolith.sql("""
                INSERT INTO payroll (id, ship_to, total, created_at)
                SELECT g, 'Juablaz', 320, now() - interval '1 hour' FROM generate_series(1, ?) g""")
                .param(PAIRS).update();
        monolith.sql("""
                INSERT INTO notification (payroll_id, recipient, message, created_at)
                SELECT g, 'Juablaz', 'Payroll ' || g || ' shipped to Juablaz of 320', now() - interval '1 hour'
                FROM generate_series(1, ?) g""").param(PAIRS).update();
        candidate.sql("""
                INSERT INTO notification (payroll_id, ship_to, total, recipient, message, delivery, created_at)
                SELECT g, 'Juablaz', 320, 'Juablaz',
                       'Payroll ' || g || ' shipped to Juablaz of 320' || CASE WHEN g % 1001 = 0 THEN '.00' ELSE '' END,
                       'SPY', now() - interval '1 hour'
                FROM generate_series(1, ?) g""").param(PAIRS).update();
        monolith.sql("ANALYZE notification").update();
        candidate.sql("ANALYZE notification").update();
        double seeded = seconds(seeding);

        long countStart = System.nanoTime();
        long monolithRows = monolith.sql("SELECT count(*) FROM notification").query(Long.class).single();
        long candidateRows = candidate.sql("SELECT count(*) FROM notification").query(Long.class).single();
        double countFloor = seconds(countStart);

        System.gc();
        resetHeapPeaks();
        long fullStart = System.nanoTime();
        boolean fullResult = comparison.compare("bench-full");
        double full = seconds(fullStart);
        long fullPeakHeap = heapPeakBytes();
        PassSummary fullPass = comparison.report(0, 1).lastPass();

        assertThat(fullResult).isFalse();
        assertThat(fullPass.matched()).isEqualTo(1_000_000);
        assertThat(fullPass.fieldMismatch()).isEqualTo(1_000);

        monolith.sql("""
                INSERT INTO payroll (id, ship_to, total, created_at)
                SELECT g, 'Juablaz', 320, now() FROM generate_series(?, ?) g""").params(PAIRS + 1, PAIRS + 1_000)
                .update();
        monolith.sql("""
                INSERT INTO notification (payroll_id, recipient, message)
                SELECT g, 'Juablaz', 'Payroll ' || g || ' shipped to Juablaz of 320' FROM generate_series(?, ?) g""")
                .params(PAIRS + 1, PAIRS + 1_000).update();
        candidate.sql("""
                INSERT INTO notification (payroll_id, ship_to, total, recipient, message, delivery)
                SELECT g, 'Juablaz', 320, 'Juablaz', 'Payroll ' || g || ' shipped to Juablaz of 320', 'SPY'
                FROM generate_series(?, ?) g""").params(PAIRS + 1, PAIRS + 1_000).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> monolith.sql(
                "SELECT clock_timestamp() - interval '1 second' > max(created_at) FROM notification")
                .query(Boolean.class).single());

        System.gc();
        resetHeapPeaks();
        long incrementalStart = System.nanoTime();
        comparison.compare("bench-increment");
        double incremental = seconds(incrementalStart);
        long incrementalPeakHeap = heapPeakBytes();
        PassSummary incrementalPass = comparison.report(0, 1).lastPass();

        assertThat(incrementalPass.monolithRecords()).isEqualTo(1_000);
        assertThat(incrementalPass.matched()).isEqualTo(1_000);

        System.out.printf("""

                ==== reconciliation benchmark (max heap %d MB) ====
                rows per side                 %,d + 1,000 new (1,000 mismatched)
                seeding                       %.1f s
                SELECT count(*) on both sides %.2f s   (the floor)
                full pass                     %.2f s   (pass itself %d ms; peak heap %d MB)
                incremental pass (+1,000)     %.3f s   (pass itself %d ms; peak heap %d MB)
                ================================================
                %n""", Runtime.getRuntime().maxMemory() >> 20, monolithRows, seeded, countFloor, full,
                fullPass.durationMs(), fullPeakHeap >> 20, incremental, incrementalPass.durationMs(),
                incrementalPeakHeap >> 20);
        assertThat(candidateRows).isEqualTo(monolithRows);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static void resetHeapPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long heapPeakBytes() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
