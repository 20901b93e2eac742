package dev.parallelrun.canary;

import dev.parallelrun.canary.Release.Check;
import dev.parallelrun.canary.Release.Check.Outcome;
import dev.parallelrun.canary.VersionSample.Window;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * The checks a new version is judged by, the same whether it takes a share of the users (a canary release) or
 * replaces the old one task by task (a rolling update on Docker Swarm): enough requests to judge, its share of 5xx,
 * its p99 against the version it replaces, and the parallel run's verdict. {@code candidate} and {@code incumbent}
 * name the two sides in what a check says ("canary" and "primary", or "new version" and "old version").
 */
class Checks {

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
     * A window's checks so far, in the order they are read: enough of the candidate's requests; then its share of 5xx,
     * judged at every tick so a bad version goes back at once, and its p99 against the incumbent's once the window is
     * over (pending until then: over the first few dozen requests a p99 is their slowest one, noise).
     */
    List<Check> window(Window window, Double incumbentP99, boolean windowOver) {
        List<Check> read = new ArrayList<>();
        Check requests = requests(window);
        read.add(requests);
        if (requests.outcome() == Outcome.PASSED) {
            read.add(errorRate(window));
            read.add(windowOver ? latency(window, incumbentP99) : latencyPending(window));
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

    private Check errorRate(Window window) {
        double rate = window.errorRate();
        double max = properties.maxErrorRate();
        return new Check("error rate", rate <= max ? Outcome.PASSED : Outcome.FAILED, rate, max,
                String.format("%.1f %% of the %s's answers were 5xx (%d of %d; at most %.1f %%)", 100 * rate,
                        candidate, window.errors(), window.requests(), 100 * max));
    }

    private Check latencyPending(Window window) {
        return new Check("latency", Outcome.PENDING, window.quantile(0.99), null, String.format(
                "%s p99 %.0f ms so far; judged over the whole window", candidate, window.quantile(0.99) * 1000));
    }

    /** The candidate's p99 against the incumbent's ({@code null} or NaN: it has served too little to compare). */
    private Check latency(Window window, Double incumbentP99) {
        double p99 = window.quantile(0.99);
        if (incumbentP99 == null || incumbentP99.isNaN()) {
            return new Check("latency", Outcome.PASSED, p99, null, String.format(
                    "%s p99 %.0f ms; the %s has served too little to compare with yet", candidate, p99 * 1000,
                    incumbent));
        }
        double max = properties.latencyFactor() * incumbentP99 + properties.latencyTolerance().toNanos() / 1e9;
        return new Check("latency", p99 <= max ? Outcome.PASSED : Outcome.FAILED, p99, max, String.format(
                "%s p99 %.0f ms against the %s's %.0f ms (at most %.1f × + %d ms = %.0f ms)", candidate, p99 * 1000,
                incumbent, incumbentP99 * 1000, properties.latencyFactor(), properties.latencyTolerance().toMillis(),
                max * 1000));
    }

    /** Asks the parallel run now (a pass): failed only on an open difference; unreachable or undecided is no data. */
    Check parallelRun() {
        return parallelRun(true);
    }

    /** The same, as the batch's last pass found it: no pass of its own (the batch runs one every few seconds). */
    Check parallelRunAsLastFound() {
        return parallelRun(false);
    }

    private Check parallelRun(boolean passNow) {
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
}
