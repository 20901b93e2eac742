package dev.parallelrun.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.compare.ComparisonLog.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonLogTests {

    @Test
    void anEndpointIsItsMethodAndPathWithIdsCollapsed() {
        assertThat(ComparisonLog.endpoint("GET", "/payroll/17?view=full")).isEqualTo("GET /payroll/{id}");
        assertThat(ComparisonLog.endpoint("GET", "/payroll")).isEqualTo("GET /payroll");
        assertThat(ComparisonLog.endpoint("GET", "/")).isEqualTo("GET /");
        assertThat(ComparisonLog.endpoint("DELETE", "/orders/3f2a9c1e-8b7d-4c6a-9e5f-1a2b3c4d5e6f/lines/2"))
                .isEqualTo("DELETE /orders/{id}/lines/{id}");
        assertThat(ComparisonLog.endpoint("GET", "/notification/comparation")).isEqualTo("GET /notification/comparation");
    }

    @Test
    void pastTheirLimitNewEndpointsAreCountedAsOtherAndOnlyDifferencesAreKept() {
        ComparisonLog log = new ComparisonLog(new SimpleMeterRegistry(), 2, 2);
        for (String path : List.of("/a", "/b", "/c", "/d")) {
            log.record("GET", path, Outcome.EQUAL, List.of(), List.of(), Map.of());
        }
        for (int i = 0; i < 3; i++) {
            log.record("GET", "/a", Outcome.DIFFERENT, List.of(), List.of(), Map.of());
        }

        assertThat(log.totals()).extracting(ComparisonLog.EndpointTotals.Snapshot::endpoint)
                .containsExactly("GET /a", "GET /b", "other");
        assertThat(log.totals().get(2).equal()).isEqualTo(2);
        assertThat(log.totals().get(0).mismatchRate().summary()).isEqualTo("3 of 4 mismatched (75 %): below 99 % at 95 %");
        assertThat(log.recent()).hasSize(2).extracting(ComparisonLog.Comparison::id).containsExactly(7L, 6L);
    }
}
