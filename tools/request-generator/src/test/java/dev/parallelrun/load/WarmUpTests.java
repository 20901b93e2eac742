package dev.parallelrun.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When a JVM counts as warm: three 5 s rates in a row within 5 % of each other. */
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
}
