package dev.parallelrun.canary;

import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.rootfinder.BrentSolver;

/**
 * An always-valid confidence sequence for a proportion (say, a version's share of 5xx answers): Robbins' mixture, the
 * binomial likelihood ratio averaged over a Beta prior. Under the true proportion it is a nonnegative martingale, so by
 * Ville's inequality it ever reaches 1/α with probability at most α, however often it is read: an analysis may look
 * every second and stop the moment the interval excludes a value, and its error rate is still α (Howard, Ramdas,
 * McAuliffe and Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence sequences", 2021). A test run once at
 * a fixed sample size and read every second instead crosses its line by chance sooner or later.
 *
 * <p>The prior only decides where the interval is tightest; coverage holds for any, and for an even mixture of two:
 * Beta(0.5, 20), with its mass on rates of a few percent and below, makes the upper end tight where a release is
 * promoted (0 errors in 1,200 answers bound the rate below 0.53 % at 97.5 %, where Beta(1, 1) alone gives 0.9 %);
 * Beta(1, 3) makes the lower end rise fast when a version fails often (5 errors in 25 answers: above 3.2 %, where
 * Beta(0.5, 20) alone gives 2.3 %). The mixture costs at most log 2 of evidence against either alone.
 */
final class ProportionSequence {

    /** Tight for the rates of rare events, 5xx answers, and quick to see a version failing often. */
    static final ProportionSequence RARE_EVENTS = new ProportionSequence(new double[] { 0.5, 1 },
            new double[] { 20, 3 });

    private static final BrentSolver SOLVER = new BrentSolver(1e-10, 1e-8, 1e-10);

    private final double[] priorSuccesses;
    private final double[] priorFailures;

    /** An even mixture of Beta(priorSuccesses[i], priorFailures[i]). */
    private ProportionSequence(double[] priorSuccesses, double[] priorFailures) {
        this.priorSuccesses = priorSuccesses.clone();
        this.priorFailures = priorFailures.clone();
    }

    /**
     * The log of the evidence against the proportion being {@code p}: the mixture's likelihood ratio after
     * {@code successes} in {@code trials}. At log(1/α) or above, {@code p} is outside the sequence at level α.
     */
    double logEvidenceAgainst(double p, long successes, long trials) {
        double s = successes;
        double f = trials - successes;
        double atP = (s == 0 ? 0 : s * Math.log(p)) + (f == 0 ? 0 : f * Math.log1p(-p));
        double[] terms = new double[priorSuccesses.length];
        double most = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < terms.length; i++) {
            terms[i] = LogBeta.value(priorSuccesses[i] + s, priorFailures[i] + f)
                    - LogBeta.value(priorSuccesses[i], priorFailures[i]) - atP;
            most = Math.max(most, terms[i]);
        }
        double sum = 0;
        for (double term : terms) {
            sum += Math.exp(term - most);
        }
        return most + Math.log(sum / terms.length);
    }

    /** The least proportion still in the sequence at level α: 0 until a success is seen. */
    double lower(long successes, long trials, double alpha) {
        if (successes == 0) {
            return 0;
        }
        double threshold = Math.log(1 / alpha);
        double observed = (double) successes / trials;
        // The evidence falls from infinity at 0 to its least, below 0, at the observed rate: one root between.
        return SOLVER.findRoot(p -> logEvidenceAgainst(p, successes, trials) - threshold, Double.MIN_NORMAL,
                observed);
    }

    /** The greatest proportion still in the sequence at level α: 1 until a failure is seen. */
    double upper(long successes, long trials, double alpha) {
        if (successes == trials) {
            return 1;
        }
        double threshold = Math.log(1 / alpha);
        double observed = (double) successes / trials;
        return SOLVER.findRoot(p -> logEvidenceAgainst(p, successes, trials) - threshold, observed,
                Math.nextDown(1.0));
    }
}
