package dev.parallelrun.canary;

import dev.parallelrun.canary.Release.Check;
import dev.parallelrun.canary.Release.Check.Outcome;
import dev.parallelrun.canary.Release.Evidence;
import dev.parallelrun.canary.VersionSample.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.statistics.inference.BinomialTest;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * The checks a new version is judged by, the same whether it takes a share of the users (a canary release) or
 * replaces the old one task by task (a rolling update on Docker Swarm), each a test with a stated error rate: enough
 * requests to judge; its 5xx against the incumbent's (an always-valid interval, read every tick); its latencies
 * against the incumbent's (Mann-Whitney U, once per window); the split against its weight (its users, an exact
 * binomial test, or where they are not known its requests, χ²; once per window); and the parallel run's verdict.
 * {@code candidate} and {@code incumbent} name the two sides in what a check says ("canary" and "primary", or "new
 * version" and "old version").
 */
class Checks {

    static final String ERRORS = "errors";
    static final String LATENCY = "latency";
    static final String SAMPLE_RATIO = "sample ratio";

    private static final ChiSquareTest CHI_SQUARE = ChiSquareTest.withDefaults();
    private static final String CONFIDENCE_SEQUENCE = "always-valid confidence sequence (Beta-binomial mixture)";
    private static final String MANN_WHITNEY = "one-sided Mann-Whitney U on the window's latency histograms";
    private static final String CHI_SQUARE_TEST = "χ² goodness of fit of the requests to the weight";
    private static final BinomialTest BINOMIAL = BinomialTest.withDefaults();
    private static final String BINOMIAL_TEST = "exact binomial test of the users to the weight";

    private final AnalysisProperties properties;
    private final ParallelRunVerdict verdict;
    private final String candidate;
    private final String incumbent;

    Checks(AnalysisProperties properties, ParallelRunVerdict verdict, String candidate, String incumbent) {
        this.properties = properties;
        this.verdict = verdict;
        this.candidate = candidate;
        this.incumbent = incumbent;
    }

    /**
     * What one tick reads: each side's requests in the current window, and since the release began.
     *
     * @param latencyReference the incumbent's window the candidate's latencies are compared with (its own, or the one
     *                         where it served the most when it now serves too little); {@code null}: none yet
     * @param weight           the candidate's share of the users, in %; {@code null} when there is no split to check
     * @param looks            how many windows the release judges latency and the split on: each look is tested at
     *                         α / looks, so that the release's error rate stays α (Bonferroni)
     * @param elapsed          how much of the window has passed, 1 or more when it is over
     * @param latencyTested    the latency check already run on this window, which stands; {@code null}: not run yet.
     *                         One window, one look: the test, run again on a growing sample every tick, would be
     *                         looked at more often than its level allows
     * @param users            each side's distinct users in the window, when every instance of both said; {@code null}:
     *                         not known (a service that does not count them): the split is then judged on requests
     */
    record Reading(Window candidate, Window incumbent, Window candidateSoFar, Window incumbentSoFar,
            Window latencyReference, Integer weight, int looks, double elapsed, Check latencyTested, Users users) {

        boolean windowOver() {
            return elapsed >= 1;
        }
    }

    /** Each side's distinct users over a window ({@code X-User-Id}, as the services' {@code /actuator/users} count them). */
    record Users(long candidate, long incumbent) {

        long total() {
            return candidate + incumbent;
        }
    }

    /** The latency check among {@code checks} once it has been tested (not pending), to stand for the window. */
    static Check latencyTested(List<Check> checks) {
        return checks.stream().filter(check -> check.name().equals(LATENCY) && !check.pending()).findFirst()
                .orElse(null);
    }

    /**
     * A window's checks so far, in the order they are read: enough of the candidate's requests; then its 5xx, judged
     * at every tick on everything since the release began (an always-valid interval may be read that often), so a bad
     * version goes back as soon as the evidence is enough; its latencies and the split once the window is over
     * (pending until then: tests run once, at a fixed size).
     */
    List<Check> window(Reading reading) {
        List<Check> read = new ArrayList<>();
        Check requests = requests(reading.candidate());
        read.add(requests);
        if (requests.outcome() == Outcome.PASSED) {
            read.add(errors(reading.candidateSoFar(), reading.incumbentSoFar()));
            read.add(reading.latencyTested() != null ? reading.latencyTested()
                    : reading.windowOver() ? latency(reading) : latencyPending(reading));
            if (reading.weight() != null && reading.weight() > 0 && reading.weight() < 100) {
                read.add(reading.windowOver() ? sampleRatio(reading) : sampleRatioPending(reading));
            }
        }
        return read;
    }

    /** Passed once the window holds enough of the candidate's requests for the other checks to mean something. */
    private Check requests(Window window) {
        int min = properties.minRequests();
        boolean enough = window.requests() >= min;
        return new Check("requests", enough ? Outcome.PASSED : Outcome.NO_DATA, (double) window.requests(),
                (double) min, window.requests() + " " + candidate + " requests in the window (at least " + min + ")");
    }

    private Check errors(Window candidateSoFar, Window incumbentSoFar) {
        ErrorComparison comparison = ErrorComparison.of(candidateSoFar, incumbentSoFar);
        double alpha = 1 - properties.confidence();
        double budget = properties.errorBudget();
        ErrorComparison.Reading read = comparison.read(budget, alpha);
        String observed = String.format(Locale.ROOT, "%s 5xx %s (%d of %d), %s %s (%d of %d): %s, between %s and %s "
                + "at %s", candidate, percent(comparison.canaryRate()), candidateSoFar.errors(),
                candidateSoFar.requests(), incumbent, percent(comparison.primaryRate()), incumbentSoFar.errors(),
                incumbentSoFar.requests(), points(read.excess()), points(read.lower()), points(read.upper()),
                percent(properties.confidence()));
        Outcome outcome;
        String decision;
        double progress;
        switch (read.decision()) {
            case WORSE -> {
                outcome = Outcome.FAILED;
                decision = "worse, by more than the " + points(budget) + " budget";
                progress = 1;
            }
            case WITHIN_BUDGET -> {
                outcome = Outcome.PASSED;
                decision = "an excess above the " + points(budget) + " budget is ruled out";
                progress = 1;
            }
            default -> {
                outcome = Outcome.PENDING;
                decision = "not decided yet against the " + points(budget) + " budget";
                progress = read.excess() <= budget ? share(budget - read.excess(), read.upper() - read.excess())
                        : share(read.excess(), read.excess() - read.lower());
            }
        }
        return new Check(ERRORS, outcome, read.excess(), budget, observed + ": " + decision,
                new Evidence(CONFIDENCE_SEQUENCE + " on the excess of 5xx",
                        read.excess(), null, read.lower(), read.upper(), read.excess(), alpha, progress));
    }

    private Check latencyPending(Reading reading) {
        Window window = reading.candidate();
        return new Check(LATENCY, Outcome.PENDING, window.quantile(0.5), null, String.format(Locale.ROOT,
                "%s median %s, p99 %s so far; tested over the whole window", candidate, millis(window.quantile(0.5)),
                millis(window.quantile(0.99))), new Evidence(MANN_WHITNEY, null, null, null, null, null,
                        latencyAlpha(reading), share(reading.elapsed(), 1)));
    }

    /** The candidate's latencies against the incumbent's: slower for certain, and by enough to matter, fails. */
    private Check latency(Reading reading) {
        Window window = reading.candidate();
        Window reference = reading.latencyReference();
        double alpha = latencyAlpha(reading);
        if (reference == null || reference.requests() < properties.minRequests()) {
            return new Check(LATENCY, Outcome.PASSED, window.quantile(0.5), null, String.format(Locale.ROOT,
                    "%s median %s, p99 %s; the %s has served too little to compare with yet", candidate,
                    millis(window.quantile(0.5)), millis(window.quantile(0.99)), incumbent));
        }
        LatencyComparison comparison = LatencyComparison.of(window, reference);
        double minShift = properties.latencyEffect().toNanos() / 1e9;
        boolean slower = comparison.pValue() < alpha;
        boolean enough = comparison.medianShiftSeconds() >= minShift;
        String read = String.format(Locale.ROOT, "%s median %s against the %s's %s (%s), slower in %.0f %% of pairs; "
                + "U = %.0f, p = %s (decided at p < %s, acting from +%d ms)", candidate,
                millis(comparison.canaryMedianSeconds()), incumbent, millis(comparison.primaryMedianSeconds()),
                signedMillis(comparison.medianShiftSeconds()), 100 * comparison.superiority(), comparison.u(),
                probability(comparison.pValue()), probability(alpha), properties.latencyEffect().toMillis());
        String decision = slower && enough ? "slower, by enough to matter"
                : slower ? "slower, by less than is worth acting on" : "not shown slower";
        return new Check(LATENCY, slower && enough ? Outcome.FAILED : Outcome.PASSED,
                comparison.medianShiftSeconds(), minShift, read + ": " + decision,
                new Evidence(MANN_WHITNEY, comparison.u(), comparison.pValue(), null, null,
                        comparison.medianShiftSeconds(), alpha, 1));
    }

    private double latencyAlpha(Reading reading) {
        return (1 - properties.confidence()) / reading.looks();
    }

    private Check sampleRatioPending(Reading reading) {
        return new Check(SAMPLE_RATIO, Outcome.PENDING, share(reading), reading.weight() / 100.0, String.format(
                Locale.ROOT, "%s served %s of the requests so far at a weight of %d %%; tested over the whole window",
                candidate, percent(share(reading)), reading.weight()), new Evidence(CHI_SQUARE_TEST, null, null, null,
                        null, null, sampleRatioAlpha(reading), share(reading.elapsed(), 1)));
    }

    /**
     * The candidate's share of the window's users against its weight, or of its requests where the users are not
     * known: a share that misses it by more than chance (and by more than the tolerance) means the split is broken,
     * and nothing the two sides served can be compared. The split is sticky by user, so a user's requests all fall on
     * one side: requests come in clusters as large as a user's, and a test that counts them as independent finds a
     * broken split in a sound one whenever a few users send many; users are what is split, one draw each.
     */
    private Check sampleRatio(Reading reading) {
        Users users = reading.users();
        if (users == null || users.total() == 0) {
            return sampleRatioOfRequests(reading);
        }
        double weight = reading.weight() / 100.0;
        double alpha = sampleRatioAlpha(reading);
        var test = BINOMIAL.test(Math.toIntExact(users.total()), Math.toIntExact(users.candidate()), weight);
        double share = (double) users.candidate() / users.total();
        double departure = (share - weight) / weight;
        boolean broken = test.getPValue() < alpha && Math.abs(departure) > properties.sampleRatioTolerance();
        return new Check(SAMPLE_RATIO, broken ? Outcome.FAILED : Outcome.PASSED, share, weight, String.format(
                Locale.ROOT, "%s served %s of the users (%d of %d, by X-User-Id) at a weight of %d %%: exact binomial "
                        + "p = %s (decided at p < %s, beyond ±%.0f %% of the weight): %s", candidate, percent(share),
                users.candidate(), users.total(), reading.weight(), probability(test.getPValue()),
                probability(alpha), 100 * properties.sampleRatioTolerance(),
                broken ? "the split is broken" : "the split holds"),
                new Evidence(BINOMIAL_TEST, (double) users.candidate(), test.getPValue(), null, null, departure, alpha,
                        1));
    }

    private Check sampleRatioOfRequests(Reading reading) {
        long candidateRequests = reading.candidate().requests();
        long incumbentRequests = reading.incumbent().requests();
        double weight = reading.weight() / 100.0;
        double alpha = sampleRatioAlpha(reading);
        var test = CHI_SQUARE.test(new double[] { weight, 1 - weight },
                new long[] { candidateRequests, incumbentRequests });
        double share = share(reading);
        double departure = (share - weight) / weight;
        boolean broken = test.getPValue() < alpha && Math.abs(departure) > properties.sampleRatioTolerance();
        return new Check(SAMPLE_RATIO, broken ? Outcome.FAILED : Outcome.PASSED, share, weight, String.format(
                Locale.ROOT, "%s served %s of the requests (%d of %d) at a weight of %d %%: χ² = %.1f, p = %s "
                        + "(decided at p < %s, beyond ±%.0f %% of the weight): %s", candidate, percent(share),
                candidateRequests, candidateRequests + incumbentRequests, reading.weight(), test.getStatistic(),
                probability(test.getPValue()), probability(alpha), 100 * properties.sampleRatioTolerance(),
                broken ? "the split is broken" : "the split holds"),
                new Evidence(CHI_SQUARE_TEST, test.getStatistic(), test.getPValue(), null, null, departure, alpha, 1));
    }

    private double sampleRatioAlpha(Reading reading) {
        return properties.sampleRatioAlpha() / reading.looks();
    }

    private static double share(Reading reading) {
        long total = reading.candidate().requests() + reading.incumbent().requests();
        return total == 0 ? 0 : (double) reading.candidate().requests() / total;
    }

    private static double share(double part, double whole) {
        return whole <= 0 ? 1 : Math.max(0, Math.min(1, part / whole));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    private static String points(double share) {
        return String.format(Locale.ROOT, "%+.2f pp", 100 * share);
    }

    private static String millis(double seconds) {
        return Double.isNaN(seconds) ? "unknown" : String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }

    private static String signedMillis(double seconds) {
        return String.format(Locale.ROOT, "%+.0f ms", seconds * 1000);
    }

    private static String probability(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    /**
     * Asks the parallel run now (a pass): strict without a {@code mismatchBudget}, failed on any open difference; with
     * one, judged on the mismatch rate: passed once it is shown within the budget, failed once it is shown above it,
     * no data (the step holds) until one or the other. Unreachable or undecided is no data.
     */
    Check parallelRun(Double mismatchBudget) {
        return parallelRun(true, mismatchBudget);
    }

    /** The same, as the batch's last pass found it: no pass of its own (the batch runs one every few seconds). */
    Check parallelRunAsLastFound() {
        return parallelRun(false, null);
    }

    private Check parallelRun(boolean passNow, Double mismatchBudget) {
        try {
            JsonNode report;
            boolean consistent;
            if (passNow) {
                consistent = "true".equals(verdict.comparation().strip());
                report = verdict.report();
            }
            else {
                report = verdict.report();
                consistent = report.path("consistent").asBoolean(false);
            }
            if (mismatchBudget != null) {
                return withinBudget(report.path("mismatchRate"), mismatchBudget);
            }
            String reading = report.path("verdict").asString("");
            String summary = report.path("summary").asString("");
            Outcome outcome = consistent ? Outcome.PASSED
                    : "DIFFERENCES_OPEN".equals(reading) ? Outcome.FAILED : Outcome.NO_DATA;
            return new Check("parallel run", outcome, consistent ? 1.0 : 0.0, 1.0,
                    "the parallel run's verdict is " + consistent + " (" + summary + ")");
        }
        catch (RestClientException unreachable) {
            return new Check("parallel run", Outcome.NO_DATA, null, 1.0,
                    "the parallel run's verdict could not be read (" + unreachable.getMessage() + ")");
        }
    }

    /**
     * The parallel run's mismatch rate against a budget, on the same always-valid interval as the errors (the verdict
     * is asked every few seconds for the whole release): within it once the interval lies below the budget, above it
     * once the interval lies above. The report's own bound (exact, for one look) is quoted as it is.
     */
    private Check withinBudget(JsonNode rate, double budget) {
        long compared = rate.path("compared").asLong(0);
        long mismatched = rate.path("mismatched").asLong(0);
        String summary = rate.path("summary").asString("no mismatch rate in the parallel run's report");
        String against = String.format(Locale.ROOT, "against a mismatch budget of %s", percent(budget));
        if (compared == 0) {
            return new Check("parallel run", Outcome.NO_DATA, null, budget, summary + ", " + against);
        }
        double observed = (double) mismatched / compared;
        double alpha = 1 - properties.confidence();
        double lower = ProportionSequence.RARE_EVENTS.lower(mismatched, compared, alpha);
        double upper = ProportionSequence.RARE_EVENTS.upper(mismatched, compared, alpha);
        Outcome outcome = upper <= budget ? Outcome.PASSED : lower > budget ? Outcome.FAILED : Outcome.NO_DATA;
        String decision = String.format(Locale.ROOT, "between %s and %s at %s (always valid): %s", percent(lower),
                percent(upper), percent(properties.confidence()), outcome == Outcome.PASSED ? "within it"
                        : outcome == Outcome.FAILED ? "above it" : "not shown within it yet");
        return new Check("parallel run", outcome, observed, budget, summary + ", " + against + "; " + decision,
                new Evidence(CONFIDENCE_SEQUENCE + " on the mismatch rate", observed, null, lower, upper,
                        observed - budget, alpha, outcome == Outcome.NO_DATA ? share(budget, upper) : 1));
    }
}
