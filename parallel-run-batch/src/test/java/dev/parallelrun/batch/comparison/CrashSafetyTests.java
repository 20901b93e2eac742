package dev.parallelrun.batch.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;

import dev.parallelrun.batch.ComparedDatabases;
import dev.parallelrun.batch.TestcontainersConfiguration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A pass killed between any two of its steps leaves state from which the next pass converges to exactly what an
 * uninterrupted pass would have concluded: nothing lost, nothing counted twice, nothing half-marked.
 */
@SpringBootTest(properties = { "comparison.grace-period=1s", "comparison.lateness-window=1s",
        "comparison.interval=1h" })
@Import(TestcontainersConfiguration.class)
class CrashSafetyTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ComparedDatabases databases;

    @Autowired
    ComparisonService comparison;

    @MockitoSpyBean
    ReconciliationStore store;

    @BeforeEach
    void sidesWithEveryKindOfDifference() {
        SourceTables tables = new SourceTables(databases, jdbc);
        tables.recreate();
        for (long id = 1; id <= 1_200; id++) {           // more than one write batch of each kind
            if (id % 2 == 0) {
                tables.pair(id, 60);
            }
            else if (id % 3 == 0) {
                tables.monolith(id, SourceTables.message(id), 60);
            }
            else if (id % 5 == 0) {
                tables.candidate(id, SourceTables.message(id), 60);
            }
            else {
                tables.monolith(id, SourceTables.message(id), 60);
                tables.candidate(id, "other " + id, 60);
            }
        }
    }

    static final Map<String, Consumer<ReconciliationStore>> STEPS = Map.of(
            "await", s -> doThrow(new IllegalStateException("killed")).when(s).await(anyList()),
            "save", s -> doThrow(new IllegalStateException("killed")).when(s).save(anyList()),
            "expireAwaiting", s -> doThrow(new IllegalStateException("killed")).when(s).expireAwaiting(any(), any()),
            "addTotals", s -> doThrow(new IllegalStateException("killed")).when(s).addTotals(anyLong(), anyLong(),
                    anyLong(), anyLong()),
            "advanceCursors", s -> doThrow(new IllegalStateException("killed")).when(s).advanceCursors(any(), any()),
            "record", s -> doThrow(new IllegalStateException("killed")).when(s).record(any()));

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = { "await", "save", "expireAwaiting", "addTotals", "advanceCursors", "record" })
    void nextPassConverges(String step) {
        STEPS.get(step).accept(store);

        assertThatThrownBy(() -> comparison.compare("crash")).hasMessage("killed");
        assertThat(count("SELECT count(*) FROM reconciliation_difference")).isZero();
        assertThat(count("SELECT count(*) FROM reconciliation_pass")).isZero();
        assertThat(count("SELECT count(*) FROM reconciliation_awaiting_twin")).isZero();

        Mockito.reset(store);
        assertThat(comparison.compare("after crash")).isFalse();
        assertThat(comparison.compare("again")).isFalse();

        assertThat(count("SELECT records FROM reconciliation_total WHERE name = 'MATCHED'")).isEqualTo(600);
        assertThat(count("SELECT count(*) FROM reconciliation_difference WHERE kind = 'MISSING_IN_CANDIDATE'"))
                .isEqualTo(200);
        assertThat(count("SELECT count(*) FROM reconciliation_difference WHERE kind = 'MISSING_IN_MONOLITH'"))
                .isEqualTo(80);
        assertThat(count("SELECT count(*) FROM reconciliation_difference WHERE kind = 'FIELD_MISMATCH'"))
                .isEqualTo(320);
        assertThat(count("SELECT sum(monolith_records) FROM reconciliation_pass")).isEqualTo(600 + 200 + 320);
        assertThat(count("SELECT records FROM reconciliation_total WHERE name = 'PAIRS_COMPARED'")).isEqualTo(600 + 320);
        assertThat(count("SELECT count(*) FROM reconciliation_awaiting_twin")).isZero();
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
