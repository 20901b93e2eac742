package dev.parallelrun.batch.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parallelrun.batch.TestcontainersConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reconciliation over real HTTP on real PostgreSQL: matching by payroll id, the classes of difference, pending
 * records, late twins resolving by themselves, acknowledgements, stable answers, passes that never overlap.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "comparison.grace-period=1s", "comparison.interval=1h" })
@Import(TestcontainersConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureMetrics
class ComparisonTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ComparisonService comparison;

    SourceTables tables;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void emptyTables() {
        tables = new SourceTables(jdbc);
        tables.recreate();
    }

    @Test
    void matchingSidesAreTrueAndStayTrue(CapturedOutput output) throws Exception {
        for (long id = 1; id <= 50; id++) {
            tables.pair(id, 60);
        }

        assertThat(get("/notification/comparation").body()).isEqualTo("true");
        assertThat(output.getOut()).contains("ConsumitionsCount: 50 for mono size: 50 and micro size: 50");
        assertThat(get("/notification/comparation").body()).isEqualTo("true");
        assertThat(output.getOut()).contains("ConsumitionsCount: 0 for mono size: 0 and micro size: 0");

        String report = get("/notification/comparation/report").body();
        assertThat(report).contains("\"consistent\":true").contains("\"matched\":50")
                .contains("\"monolithCompared\":50").contains("\"candidateCompared\":50");
    }

    @Test
    void classifiesEveryDifferenceByPayrollId() throws Exception {
        tables.pair(1, 60);
        tables.monolith(2, SourceTables.message(2), 60);                       // missing in candidate
        tables.candidate(3, SourceTables.message(3), 60);                      // missing in monolith
        tables.monolith(4, SourceTables.message(4), 60);                       // field mismatch
        tables.candidate(4, "Paid 320 to Juablaz (payroll #4)", 60);

        assertThat(get("/notification/comparation").body()).isEqualTo("false");

        String report = get("/notification/comparation/report").body();
        assertThat(report).contains("\"matched\":1").contains("\"missingInCandidate\":1")
                .contains("\"missingInMonolith\":1").contains("\"fieldMismatch\":1")
                .contains("{\"payrollId\":2,\"kind\":\"MISSING_IN_CANDIDATE\",\"monolithRecipient\":\"Juablaz\","
                        + "\"monolithMessage\":\"Payroll 2 shipped to Juablaz of 320\",\"candidateRecipient\":null")
                .contains("{\"payrollId\":3,\"kind\":\"MISSING_IN_MONOLITH\",\"monolithRecipient\":null")
                .contains("\"payrollId\":4,\"kind\":\"FIELD_MISMATCH\"")
                .contains("\"monolithMessage\":\"Payroll 4 shipped to Juablaz of 320\"")
                .contains("\"candidateMessage\":\"Paid 320 to Juablaz (payroll #4)\"");
        assertThat(get("/notification/comparation").body()).isEqualTo("false");
    }

    @Test
    void youngRecordsArePendingNotMissing() throws Exception {
        tables.monolith(1, SourceTables.message(1), 0);

        assertThat(get("/notification/comparation").body()).isEqualTo("true");
        assertThat(get("/notification/comparation/report").body()).contains("\"pending\":{")
                .contains("\"monolith\":1");

        await().atMost(Duration.ofSeconds(10)).until(() -> !comparison.compare("test"));
        assertThat(get("/notification/comparation/report").body()).contains("\"missingInCandidate\":1");
    }

    @Test
    void lateTwinResolvesTheMissingByItself() throws Exception {
        tables.monolith(1, SourceTables.message(1), 60);
        tables.monolith(2, SourceTables.message(2), 60);
        assertThat(comparison.compare("test")).isFalse();

        tables.candidate(1, SourceTables.message(1), 0);                      // arrives late and agrees
        tables.candidate(2, "Payroll 2 shipped to Juablaz of 320.00", 0);      // arrives late and disagrees

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            comparison.compare("test");
            assertThat(get("/notification/comparation/report").body()).contains("\"matched\":1")
                    .contains("\"missingInCandidate\":0").contains("\"fieldMismatch\":1");
        });
        assertThat(get("/notification/comparation/report").body())
                .contains("\"candidateMessage\":\"Payroll 2 shipped to Juablaz of 320.00\"");
    }

    @Test
    void acknowledgedDifferencesNoLongerMakeItFalse() throws Exception {
        tables.pair(1, 60);
        tables.monolith(2, SourceTables.message(2), 60);
        tables.candidate(2, "different", 60);
        assertThat(comparison.compare("test")).isFalse();

        HttpResponse<String> acknowledged = post("/notification/comparation/differences/2/acknowledgement",
                "{\"by\":\"ana\",\"reason\":\"new wording agreed with the product owner\"}");

        assertThat(acknowledged.statusCode()).isEqualTo(200);
        assertThat(acknowledged.body()).contains("\"acknowledgedBy\":\"ana\"")
                .contains("\"acknowledgementReason\":\"new wording agreed with the product owner\"");
        assertThat(get("/notification/comparation").body()).isEqualTo("true");
        assertThat(get("/notification/comparation").body()).isEqualTo("true");
        assertThat(get("/notification/comparation/report").body()).contains("\"acknowledged\":1")
                .contains("\"fieldMismatch\":0");
    }

    @Test
    void acknowledgementsAreValidated() throws Exception {
        HttpResponse<String> unknown = post("/notification/comparation/differences/99/acknowledgement",
                "{\"by\":\"ana\",\"reason\":\"x\"}");
        HttpResponse<String> noReason = post("/notification/comparation/differences/99/acknowledgement",
                "{\"by\":\"ana\"}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason must not be blank");
        assertThat(get("/notification/comparation/report?size=0").statusCode()).isEqualTo(400);
    }

    @Test
    void liveNotificationsOfStageThreeAreNotPartOfTheParallelRun() throws Exception {
        tables.candidate(1, SourceTables.message(1), "LIVE", 60);

        assertThat(get("/notification/comparation").body()).isEqualTo("true");
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
    void metricsCountEachClass() throws Exception {
        tables.pair(1, 60);
        tables.monolith(2, SourceTables.message(2), 60);
        comparison.compare("test");

        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("reconciliation_records_total{class=\"matched\"}")
                .contains("reconciliation_records_total{class=\"missing_in_candidate\"}")
                .contains("reconciliation_pending{side=\"monolith\"}")
                .contains("reconciliation_pass_seconds_count");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
