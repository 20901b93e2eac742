package dev.parallelrun.evidence;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * How often two implementations disagreed, and how strongly the count supports that: {@code mismatched} of
 * {@code compared}, and the exact (Clopper–Pearson) one-sided upper confidence bound on the true rate. "0 differences
 * in 12,416" and "0 in 3" are both {@code consistent}; their bounds, 0.025 % and 64 %, say how far apart they are.
 *
 * @param compared   what was compared (pairs, observations, requests)
 * @param mismatched how many of them disagreed
 * @param rate       {@code mismatched / compared}; {@code null} when nothing was compared
 * @param upperBound the rate is below this with {@code confidence}; {@code null} when nothing was compared (no bound:
 *                   nothing is known)
 * @param confidence the bound's confidence, 0.95
 * @param summary    the same in words, e.g. "0 of 12416 mismatched: below 0.025 % at 95 %"
 */
public record MismatchRate(long compared, long mismatched, Double rate, Double upperBound, double confidence,
        String summary) {

    /** The confidence every bound of the lab is stated at. */
    public static final double CONFIDENCE = 0.95;

    public MismatchRate {
        if (compared < 0 || mismatched < 0 || mismatched > compared) {
            throw new IllegalArgumentException(
                    "mismatched must be between 0 and compared, not " + mismatched + " of " + compared);
        }
    }

    public static MismatchRate of(long compared, long mismatched) {
        if (compared == 0) {
            return new MismatchRate(0, 0, null, null, CONFIDENCE,
                    "nothing compared yet: no rate, and no bound on it");
        }
        double rate = (double) mismatched / compared;
        double upper = upperBound(compared, mismatched, CONFIDENCE);
        String observed = mismatched + " of " + compared + " mismatched"
                + (mismatched == 0 ? "" : " (" + percent(rate, RoundingMode.HALF_UP) + ")");
        String bound = upper >= 1 ? "the rate could be anything up to 100 %"
                : "below " + percent(upper, RoundingMode.CEILING) + " at " + percent(CONFIDENCE, RoundingMode.HALF_UP);
        return new MismatchRate(compared, mismatched, rate, upper, CONFIDENCE, observed + ": " + bound);
    }

    /**
     * The exact one-sided upper bound: the rate at which seeing {@code mismatched} or fewer has probability
     * {@code 1 - confidence}, the {@code confidence} quantile of Beta(k + 1, n − k); 1 when all mismatched.
     */
    static double upperBound(long compared, long mismatched, double confidence) {
        if (mismatched == compared) {
            return 1;
        }
        return BetaDistribution.of(mismatched + 1.0, (double) (compared - mismatched))
                .inverseCumulativeProbability(confidence);
    }

    /** Two significant digits, rounded as asked: a bound is rounded up, so that it stays a bound. */
    static String percent(double share, RoundingMode rounding) {
        BigDecimal percent = new BigDecimal(share * 100).round(new MathContext(2, rounding)).stripTrailingZeros();
        return String.format(Locale.ROOT, "%s %%", percent.scale() < 0 ? percent.setScale(0).toPlainString()
                : percent.toPlainString());
    }
}
