package dev.parallelrun.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MismatchRateTests {

    @Test
    void noMismatchInManyIsAStrongVerdictAndSaysSo() {
        MismatchRate rate = MismatchRate.of(12_416, 0);

        // 1 - 0.05^(1/n), the rule of three's exact form
        assertThat(rate.upperBound()).isCloseTo(1 - Math.pow(0.05, 1.0 / 12_416), within(1e-9));
        assertThat(rate.summary()).isEqualTo("0 of 12416 mismatched: below 0.025 % at 95 %");
    }

    @Test
    void noMismatchInAFewIsAWeakOneAndSaysThatToo() {
        MismatchRate rate = MismatchRate.of(3, 0);

        assertThat(rate.upperBound()).isGreaterThan(0.6);
        assertThat(rate.summary()).isEqualTo("0 of 3 mismatched: below 64 % at 95 %");
    }

    @Test
    void someMismatchesGiveTheRateAndABoundAboveIt() {
        MismatchRate rate = MismatchRate.of(1_000, 3);

        assertThat(rate.rate()).isEqualTo(0.003);
        assertThat(rate.upperBound()).isBetween(0.0075, 0.0080);
        assertThat(rate.summary()).isEqualTo("3 of 1000 mismatched (0.3 %): below 0.78 % at 95 %");
    }

    @Test
    void nothingComparedIsSaidInWordsWithNoBound() {
        MismatchRate rate = MismatchRate.of(0, 0);

        assertThat(rate.rate()).isNull();
        assertThat(rate.upperBound()).isNull();
        assertThat(rate.summary()).isEqualTo("nothing compared yet: no rate, and no bound on it");
    }

    @Test
    void everyOneMismatchedBoundsNothing() {
        assertThat(MismatchRate.of(5, 5).summary()).isEqualTo("5 of 5 mismatched (100 %): the rate could be anything up to 100 %");
    }

    @Test
    void countsThatCannotBeAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> MismatchRate.of(3, 4));
        assertThatIllegalArgumentException().isThrownBy(() -> MismatchRate.of(-1, 0));
    }

    /** What "at 95 %" promises: over many runs at a known rate, the bound falls below it in at most 5 % of them. */
    @Test
    void theBoundHoldsAtItsConfidenceOverManySimulatedRuns() {
        SplittableRandom random = new SplittableRandom(22);
        double trueRate = 0.01;
        int runs = 4_000;
        int below = 0;
        for (int run = 0; run < runs; run++) {
            int mismatched = 0;
            for (int i = 0; i < 500; i++) {
                mismatched += random.nextDouble() < trueRate ? 1 : 0;
            }
            below += MismatchRate.of(500, mismatched).upperBound() < trueRate ? 1 : 0;
        }
        assertThat((double) below / runs).isLessThanOrEqualTo(0.05);
    }
}
