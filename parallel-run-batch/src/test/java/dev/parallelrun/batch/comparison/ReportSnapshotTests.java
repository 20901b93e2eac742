package dev.parallelrun.batch.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.batch.ComparedDatabases;
import dev.parallelrun.batch.TestcontainersConfiguration;
import dev.parallelrun.batch.comparison.ComparisonService.Report;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/** The report is read in one snapshot: its parts never come from different passes. */
@SpringBootTest(properties = { "comparison.grace-period=1s", "comparison.lateness-window=1s",
        "comparison.interval=1h" })
@Import(TestcontainersConfiguration.class)
class ReportSnapshotTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ComparedDatabases databases;

    @Autowired
    ComparisonService comparison;

    @Test
    void totalsDifferencesAndLastPassAgreeWhilePassesCommit() {
        SourceTables tables = new SourceTables(databases, jdbc);
        tables.recreate();
        tables.pair(1, 60);
        comparison.compare("seed");

        // Each pass finds one more missing record: every commit changes both the counts and the list of differences.
        CompletableFuture<Void> passes = CompletableFuture.runAsync(() -> {
            for (long id = 2; id <= 80; id++) {
                tables.monolith(id, SourceTables.message(id), 60);
                comparison.compare("concurrent");
            }
        });
        int reports = 0;
        while (!passes.isDone()) {
            Report report = comparison.report(0, 1);
            long open = report.totals().missingInCandidate() + report.totals().missingInMonolith()
                    + report.totals().fieldMismatch() + report.totals().acknowledged();
            assertThat(report.differences().total()).as("differences listed vs counted").isEqualTo(open);
            reports++;
        }
        passes.join();
        assertThat(reports).isGreaterThan(10);
    }
}
