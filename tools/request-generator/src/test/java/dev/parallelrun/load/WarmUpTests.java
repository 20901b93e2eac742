package dev.parallelrun.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a JVM counts as warm: two 5 s slices in a row that compiled next to nothing on it, or, where it does not tell
 * its compilation time, three 5 s rates in a row within 5 % of each other.
 */
class WarmUpTests {

    @Test
    void twoSlicesOnAPlateauAreNotEnough() {
        // Seen on a service still compiling: 1,189 then 1,141, and 2,000 a second later.
        assertThat(OverheadBenchmark.steady(List.of(1_189.0, 1_141.0))).isFalse();
        assertThat(OverheadBenchmark.steady(List.of(1_189.0, 1_141.0, 1_600.0))).isFalse();
    }

    @Test
    void threeSlicesWithinFivePercentAre() {
        assertThat(OverheadBenchmark.steady(List.of(2_000.0, 2_080.0, 1_990.0))).isTrue();
        assertThat(OverheadBenchmark.steady(List.of(0.0, 0.0, 0.0))).as("nothing answered is not warm").isFalse();
    }

    @Test
    void twoSlicesInARowThatCompiledNextToNothingAre() {
        // Seen on monolith-v2 just started, in 5 s slices: still compiling for 30 s, then settled.
        assertThat(OverheadBenchmark.settled(List.of(1_661L, 492L, 353L, 285L, 514L, 82L), 200)).isFalse();
        assertThat(OverheadBenchmark.settled(List.of(1_661L, 31L), 200)).as("one quiet slice is not enough").isFalse();
        assertThat(OverheadBenchmark.settled(List.of(1_661L, 492L, 151L, 89L), 200)).isTrue();
        assertThat(OverheadBenchmark.settled(List.of(1_661L, 492L, 151L, 89L), 50)).as("a stricter bound").isFalse();
        assertThat(OverheadBenchmark.settled(List.of(12L), 200)).isFalse();
    }

    @Test
    void theCompilationTimeIsReadFromPrometheusTextSummedOverItsCompilers() {
        String exposition = """
                # HELP jvm_compilation_time_ms_total The approximate accumulated elapsed time spent in compilation
                # TYPE jvm_compilation_time_ms_total counter
                jvm_compilation_time_ms_total{application="monolith-v1",compiler="HotSpot 64-Bit Tiered Compilers"} 7826.0
                jvm_compilation_time_ms_total_other 5.0
                jvm_gc_pause_seconds_count{action="end of minor GC"} 12
                """;

        assertThat(PayrollTarget.compilationMillis(exposition.lines())).hasValue(7_826);
        assertThat(PayrollTarget.compilationMillis("jvm_threads_live_threads 40.0".lines())).isEmpty();
        assertThat(PayrollTarget.compilationMillis("jvm_compilation_time_ms_total x".lines())).isEmpty();
    }
}
