package dev.parallelrun.batch.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parallelrun.batch.ComparedDatabases;
import dev.parallelrun.batch.TestcontainersConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Reconciliation over real HTTP on real PostgreSQL: matching by payroll id, the classes of difference, the verdict
 * and what stands behind it, pending records and the lateness window, acknowledgements, passes that never overlap.
 * Live traffic, rows committed late and the report's snapshot have tests of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "comparison.grace-period=1s", "comparison.lateness-window=2s", "comparison.interval=1h" })
@Import(TestcontainersConfiguration.class)
@AutoConfigureRestTestClient
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class ComparisonTests {

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ComparedDatabases databases;

    @Autowired
    ComparisonService comparison;

    @Autowired
    MeterRegistry meters;

    SourceTables tables;

    @BeforeEach
    void emptyTables() {
        tables = new SourceTables(databases, jdbc);
        tables.recreate();
    }

    @Test
    void matchingSidesAreTrueAndStayTrue(CapturedOutput output) {
        for (long id = 1; id <= 50; id++) {
            tables.pair(id, 60);
        }

        assertThat(comparation()).isEqualTo("true");
        assertThat(output.getOut()).contains("ConsumitionsCount: 50 for mono size: 50 and micro size: 50");
        assertThat(comparation()).isEqualTo("true");
        assertThat(output.getOut()).contains("ConsumitionsCount: 0 for mono size: 0 and micro size: 0");

        report().jsonPath("$.verdict").isEqualTo("CONSISTENT")
                .jsonPath("$.consistent").isEqualTo(true)
                .jsonPath("$.summary").isEqualTo("consistent: no open difference; 50 pairs compared, 0 records pending")
                .jsonPath("$.mismatchRate.summary").isEqualTo("0 of 50 mismatched: below 5.9 % at 95 %")
                .jsonPath("$.mismatchRate.compared").isEqualTo(50)
                .jsonPath("$.totals.matched").isEqualTo(50)
                .jsonPath("$.totals.pairsCompared").isEqualTo(50)
                .jsonPath("$.totals.monolithCompared").isEqualTo(50)
                .jsonPath("$.totals.candidateCompared").isEqualTo(50);
    }

    @Test
    void nothingComparedIsNotAPass() {
        assertThat(comparation()).isEqualTo("false");
        report().jsonPath("$.verdict").isEqualTo("NOTHING_COMPARED")
                .jsonPath("$.summary").isEqualTo("nothing compared yet: no pair read on both sides; 0 pairs compared, "
                        + "0 records pending")
                .jsonPath("$.mismatchRate.summary").isEqualTo("nothing compared yet: no rate, and no bound on it")
                .jsonPath("$.mismatchRate.upperBound").doesNotExist();

        tables.monolith(1, SourceTables.message(1), 0);          // its twin may still come: pending, not compared

        assertThat(comparation()).isEqualTo("false");
        report().jsonPath("$.verdict").isEqualTo("NOTHING_COMPARED").jsonPath("$.pending.monolith").isEqualTo(1);
    }

    @Test
    void classifiesEveryDifferenceByPayrollId() {
        tables.pair(1, 60);
        tables.monolith(2, SourceTables.message(2), 60);                       // missing in candidate
        tables.candidate(3, SourceTables.message(3), 60);                      // missing in monolith
        tables.monolith(4, SourceTables.message(4), 60);                       // field mismatch
        tables.candidate(4, "Paid 320 to Juablaz (payroll #4)", 60);

        assertThat(comparation()).isEqualTo("false");

        report().jsonPath("$.verdict").isEqualTo("DIFFERENCES_OPEN")
                .jsonPath("$.summary").isEqualTo("3 open differences (1 missing in candidate, 1 missing in monolith, "
                        + "1 field mismatch); 2 pairs compared, 0 records pending")
                .jsonPath("$.mismatchRate.compared").isEqualTo(4)
                .jsonPath("$.mismatchRate.mismatched").isEqualTo(3)
                .jsonPath("$.totals.matched").isEqualTo(1)
                .jsonPath("$.totals.missingInCandidate").isEqualTo(1)
                .jsonPath("$.totals.missingInMonolith").isEqualTo(1)
                .jsonPath("$.totals.fieldMismatch").isEqualTo(1)
                .jsonPath("$.differences.items[0].payrollId").isEqualTo(2)
                .jsonPath("$.differences.items[0].kind").isEqualTo("MISSING_IN_CANDIDATE")
                .jsonPath("$.differences.items[0].monolithMessage").isEqualTo("Payroll 2 shipped to Juablaz of 320")
                .jsonPath("$.differences.items[0].candidateMessage").doesNotExist()
                .jsonPath("$.differences.items[1].kind").isEqualTo("MISSING_IN_MONOLITH")
                .jsonPath("$.differences.items[2].kind").isEqualTo("FIELD_MISMATCH")
                .jsonPath("$.differences.items[2].monolithMessage").isEqualTo("Payroll 4 shipped to Juablaz of 320")
                .jsonPath("$.differences.items[2].candidateMessage").isEqualTo("Paid 320 to Juablaz (payroll #4)");
        assertThat(comparation()).isEqualTo("false");
    }

    /**
     * A record read a moment before its twin is written is pending, not missing: the pass that falls between the two
     * must not report a difference that is not there, nor count one.
     */
    @Test
    void aTwinArrivingWithinTheLatenessWindowIsPendingNotMissing() {
        double missingBefore = counter("reconciliation.records", "missing_in_candidate");
        double resolvedBefore = meters.get("reconciliation.resolved").counter().count();
        tables.pair(1, 60);
        tables.monolith(2, SourceTables.message(2), 1);              // read now; its twin is not written yet

        assertThat(comparison.compare("test")).isTrue();
        report().jsonPath("$.pending.monolith").isEqualTo(1)
                .jsonPath("$.lastPass.awaitingTwin").isEqualTo(1)
                .jsonPath("$.totals.missingInCandidate").isEqualTo(0);

        tables.candidate(2, SourceTables.message(2), 0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(comparison.compare("test")).isTrue();
            report().jsonPath("$.totals.matched").isEqualTo(2).jsonPath("$.pending.monolith").isEqualTo(0);
        });
        assertThat(counter("reconciliation.records", "missing_in_candidate")).isEqualTo(missingBefore);
        assertThat(meters.get("reconciliation.resolved").counter().count()).isEqualTo(resolvedBefore);
    }

    @Test
    void aRecordWithoutItsTwinAfterTheLatenessWindowIsMissing() {
        tables.pair(99, 60);
        tables.monolith(1, SourceTables.message(1), 0);

        assertThat(comparation()).isEqualTo("true");
        report().jsonPath("$.pending.monolith").isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> !comparison.compare("test"));
        report().jsonPath("$.totals.missingInCandidate").isEqualTo(1).jsonPath("$.pending.monolith").isEqualTo(0);
    }

    @Test
    void lateTwinResolvesTheMissingByItself() {
        tables.monolith(1, SourceTables.message(1), 60);
        tables.monolith(2, SourceTables.message(2), 60);
        assertThat(comparison.compare("test")).isFalse();
        report().jsonPath("$.totals.missingInCandidate").isEqualTo(2);

        tables.candidate(1, SourceTables.message(1), 0);                      // arrives late and agrees
        tables.candidate(2, "Payroll 2 shipped to Juablaz of 320.00", 0);      // arrives late and disagrees

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            comparison.compare("test");
            report().jsonPath("$.totals.matched").isEqualTo(1)
                    .jsonPath("$.totals.missingInCandidate").isEqualTo(0)
                    .jsonPath("$.totals.fieldMismatch").isEqualTo(1);
        });
        report().jsonPath("$.differences.items[0].candidateMessage").isEqualTo("Payroll 2 shipped to Juablaz of 320.00");
    }

    @Test
    void acknowledgedDifferencesNoLongerMakeItFalse() {
        tables.pair(1, 60);
        tables.monolith(2, SourceTables.message(2), 60);
        tables.candidate(2, "different", 60);
        assertThat(comparison.compare("test")).isFalse();

        acknowledge(2, "{\"by\":\"ana\",\"reason\":\"new wording agreed with the product owner\"}")
                .expectStatus().isOk()
                .expectBody().jsonPath("$.acknowledgedBy").isEqualTo("ana")
                .jsonPath("$.acknowledgementReason").isEqualTo("new wording agreed with the product owner");

        assertThat(comparation()).isEqualTo("true");
        assertThat(comparation()).isEqualTo("true");
        report().jsonPath("$.totals.acknowledged").isEqualTo(1).jsonPath("$.totals.fieldMismatch").isEqualTo(0);
    }

    @Test
    void differencesAreListedOpenOrAcknowledgedLatestFirstWithThePassHistory() {
        tables.pair(1, 60);
        tables.monolith(2, SourceTables.message(2), 60);
        tables.candidate(2, "different", 60);
        tables.monolith(3, SourceTables.message(3), 60);
        tables.candidate(3, "different too", 60);
        assertThat(comparison.compare("test")).isFalse();
        comparison.compare("test");                                       // judges nothing: left out of the history

        differences("open").jsonPath("$.total").isEqualTo(2).jsonPath("$.items[0].payrollId").isEqualTo(3)
                .jsonPath("$.items[1].payrollId").isEqualTo(2);
        acknowledge(2, "{\"by\":\"ana\",\"reason\":\"agreed\"}").expectStatus().isOk();
        differences("open").jsonPath("$.total").isEqualTo(1).jsonPath("$.items[0].payrollId").isEqualTo(3);
        differences("acknowledged").jsonPath("$.total").isEqualTo(1).jsonPath("$.items[0].payrollId").isEqualTo(2)
                .jsonPath("$.items[0].acknowledgedBy").isEqualTo("ana");
        differences("all").jsonPath("$.total").isEqualTo(2);

        http.get().uri("/notification/comparation/passes").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].matched").isEqualTo(1)
                .jsonPath("$[0].fieldMismatch").isEqualTo(2);
        http.get().uri("/notification/comparation/differences?status=closed").exchange().expectStatus()
                .isBadRequest().expectHeader().contentType("application/problem+json").expectBody()
                .jsonPath("$.detail").isEqualTo("status must be open, acknowledged or all, not 'closed'");
        http.get().uri("/notification/comparation/passes?size=0").exchange().expectStatus().isBadRequest();
    }

    @Test
    void acknowledgingNothingIsNotFound() {
        acknowledge(99, "{\"by\":\"ana\",\"reason\":\"ok\"}").expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.detail").isEqualTo("Payroll 99 has no difference to acknowledge");
        http.get().uri("/notification/comparation/report?size=0").exchange().expectStatus().isBadRequest();
    }

    @Test
    void liveNotificationsOfStageThreeAreNotPartOfTheParallelRun() {
        tables.pair(1, 60);
        tables.candidate(2, SourceTables.message(2), "LIVE", 60);

        assertThat(comparation()).isEqualTo("true");
        report().jsonPath("$.totals.candidateCompared").isEqualTo(1).jsonPath("$.totals.missingInMonolith").isEqualTo(0);
    }

    @Test
    void concurrentPassesNeverOverlapNorCountTwice() throws Exception {
        for (long id = 1; id <= 2_000; id++) {
            tables.pair(id, 60);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> passes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                passes.add(pool.submit(() -> comparison.compare("concurrent")));
            }
            for (Future<Boolean> pass : passes) {
                assertThat(pass.get()).isTrue();
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT records FROM reconciliation_total WHERE name = 'MATCHED'", Long.class))
                .isEqualTo(2_000);
        assertThat(jdbc.queryForObject("SELECT sum(monolith_records) FROM reconciliation_pass", Long.class))
                .isEqualTo(2_000);
    }

    @Test
    void metricsCountEachClass() {
        tables.pair(1, 60);
        tables.monolith(2, SourceTables.message(2), 60);
        comparison.compare("test");

        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(metrics -> assertThat(metrics)
                        .contains("reconciliation_records_total{class=\"matched\"}")
                        .contains("reconciliation_records_total{class=\"missing_in_candidate\"}")
                        .contains("reconciliation_pending{side=\"monolith\"}")
                        .contains("reconciliation_pass_seconds_count"));
    }

    private String comparation() {
        return http.get().uri("/notification/comparation").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
    }

    private RestTestClient.BodyContentSpec report() {
        return http.get().uri("/notification/comparation/report").exchange().expectStatus().isOk().expectBody();
    }

    private RestTestClient.BodyContentSpec differences(String status) {
        return http.get().uri("/notification/comparation/differences?status={status}", status).exchange()
                .expectStatus().isOk().expectBody();
    }

    private RestTestClient.ResponseSpec acknowledge(long payrollId, String json) {
        return http.post().uri("/notification/comparation/differences/{id}/acknowledgement", payrollId)
                .header("Content-Type", "application/json").body(json).exchange();
    }

    private double counter(String name, String kind) {
        return meters.get(name).tag("class", kind).counter().count();
    }
}
