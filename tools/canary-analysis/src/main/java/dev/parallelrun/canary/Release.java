package dev.parallelrun.canary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A canary release as it stands: where it is (step, weight), how its current window's checks read, and what happened
 * so far. Kept in the state file after every change, so the analysis resumes it after a restart.
 *
 * @param mismatchBudget the parallel run's mismatch rate the release tolerates, judged on its exact bound; {@code null}:
 *                       strict, any open difference fails
 * @param emptyWindows   windows in a row that ended without enough data to decide
 */
record Release(String id, String primary, String canary, List<Integer> steps, Duration interval, Double mismatchBudget,
        Status status,
        int step, int weight, int emptyWindows, Instant startedAt, Instant finishedAt, String outcome,
        List<Check> checks, List<Event> history) {

    static final int HISTORY = 200;

    /** BROKEN_SPLIT: the canary did not get its weight's share of the requests, so it was not judged. */
    enum Status {
        PROGRESSING, PROMOTED, ROLLED_BACK, BROKEN_SPLIT, ABORTED
    }

    /**
     * One check over the current window: its reading against its threshold, in numbers and in words, and, for a check
     * decided by a test, the test's evidence.
     */
    record Check(String name, Outcome outcome, Double value, Double threshold, String detail, Evidence evidence) {

        Check(String name, Outcome outcome, Double value, Double threshold, String detail) {
            this(name, outcome, value, threshold, detail, null);
        }

        /** PENDING: read, but judged only when the window ends. */
        enum Outcome {
            PASSED, FAILED, NO_DATA, PENDING
        }

        boolean failed() {
            return outcome == Outcome.FAILED;
        }

        boolean noData() {
            return outcome == Outcome.NO_DATA;
        }

        boolean pending() {
            return outcome == Outcome.PENDING;
        }
    }

    /**
     * What a check's test read.
     *
     * @param test       the test, in words
     * @param statistic  its statistic (U, χ², the excess)
     * @param pValue     a test's p-value; {@code null} for an interval
     * @param lowerBound an interval's lower end, at the level below
     * @param upperBound its upper end
     * @param effect     the effect observed: the excess of 5xx, the shift of the median in seconds, the share's
     *                   departure from the weight
     * @param alpha      the level the check is decided at: its stated error rate
     * @param progress   how far the evidence has come toward a decision, 0 to 1 (1: decided)
     */
    record Evidence(String test, Double statistic, Double pValue, Double lowerBound, Double upperBound, Double effect,
            double alpha, double progress) {
    }

    /** What the analysis did and why, at which weight. */
    record Event(Instant at, int weight, String message) {
    }

    boolean progressing() {
        return status == Status.PROGRESSING;
    }

    boolean lastStep() {
        return step == steps.size() - 1;
    }

    Release withChecks(List<Check> readings) {
        return new Release(id, primary, canary, steps, interval, mismatchBudget, status, step, weight, emptyWindows, startedAt,
                finishedAt, outcome, List.copyOf(readings), history);
    }

    Release withEmptyWindows(int windows) {
        return new Release(id, primary, canary, steps, interval, mismatchBudget, status, step, weight, windows,
                startedAt, finishedAt, outcome, checks, history);
    }

    Release nextStep(Instant at, String message) {
        int next = step + 1;
        return new Release(id, primary, canary, steps, interval, mismatchBudget, status, next, steps.get(next), 0, startedAt,
                finishedAt, outcome, List.of(), append(new Event(at, steps.get(next), message)));
    }

    Release finished(Status end, int finalWeight, Instant at, String why) {
        return new Release(id, primary, canary, steps, interval, mismatchBudget, end, step, finalWeight, emptyWindows, startedAt, at,
                why, checks, append(new Event(at, finalWeight, why)));
    }

    Release logged(Instant at, String message) {
        return new Release(id, primary, canary, steps, interval, mismatchBudget, status, step, weight, emptyWindows, startedAt,
                finishedAt, outcome, checks, append(new Event(at, weight, message)));
    }

    private List<Event> append(Event event) {
        List<Event> events = new ArrayList<>(history);
        events.add(event);
        return List.copyOf(events.subList(Math.max(0, events.size() - HISTORY), events.size()));
    }
}
