package dev.parallelrun.experiment;

import java.util.Map;

/**
 * One finished call of an experiment, as the publisher receives it: both sides (the candidate's is null when it was
 * skipped, and carries the timeout as its duration when it did not answer in time), the outcome and the context.
 */
public record Observation(String experiment, Outcome outcome, Result control, Result candidate,
        Map<String, Object> context) {
}
