package dev.parallelrun.canary;

import dev.parallelrun.canary.VersionSample.Window;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * The canary's latencies against the primary's over one window, as Kayenta's judge compares them: a one-sided
 * Mann-Whitney U test (is a canary request slower than a primary one more often than not?) with an effect size, so that
 * a difference that is certain but too small to matter does not roll a release back.
 *
 * <p>The samples are the services' own latency histograms ({@code http.server.requests}, Micrometer's percentile
 * buckets, about 10 % wide): every request a version answered in the window, placed in its bucket, rather than a
 * per-tick series of percentiles, which would give the test a few dozen correlated points instead of thousands of
 * requests. Requests in one bucket count as ties, which the test corrects for.
 *
 * @param u                  the canary's U statistic
 * @param pValue             the probability of a U this large if neither version were slower
 * @param superiority        the share of (canary, primary) pairs in which the canary's request was the slower, ties
 *                           counting half: 0.5 when neither is slower (the common-language effect size)
 * @param medianShiftSeconds the canary's median minus the primary's
 */
record LatencyComparison(double u, double pValue, double superiority, double medianShiftSeconds,
        double canaryMedianSeconds, double primaryMedianSeconds) {

    private static final MannWhitneyUTest TEST = MannWhitneyUTest.withDefaults()
            .with(AlternativeHypothesis.GREATER_THAN);

    static LatencyComparison of(Window canary, Window primary) {
        double[] canaryLatencies = latencies(canary);
        double[] primaryLatencies = latencies(primary);
        MannWhitneyUTest.Result result = TEST.test(canaryLatencies, primaryLatencies);
        double pairs = (double) canaryLatencies.length * primaryLatencies.length;
        double canaryMedian = canary.quantile(0.5);
        double primaryMedian = primary.quantile(0.5);
        return new LatencyComparison(result.getStatistic(), result.getPValue(), result.getStatistic() / pairs,
                canaryMedian - primaryMedian, canaryMedian, primaryMedian);
    }

    /** Each request of the window at its bucket's upper bound; those past the last finite bound, just past it. */
    static double[] latencies(Window window) {
        double[] latencies = new double[(int) Math.min(window.requests(), 5_000_000)];
        int filled = 0;
        long below = 0;
        double lastFinite = 0;
        for (Map.Entry<Double, Long> bucket : window.buckets().entrySet()) {
            if (bucket.getKey().isInfinite()) {
                break;
            }
            int end = (int) Math.min(latencies.length, filled + Math.max(0, bucket.getValue() - below));
            Arrays.fill(latencies, filled, end, bucket.getKey());
            filled = end;
            below = Math.max(below, bucket.getValue());
            lastFinite = bucket.getKey();
        }
        Arrays.fill(latencies, filled, latencies.length, Math.nextUp(lastFinite));
        return latencies;
    }
}
