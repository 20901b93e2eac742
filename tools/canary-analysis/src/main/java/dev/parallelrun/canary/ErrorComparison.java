package dev.parallelrun.canary;

/**
 * The new version's share of 5xx against the old one's, over everything each served since the release (or the
 * rolling update) began, as an always-valid interval on the excess, canary minus primary: each side's
 * {@link ProportionSequence} at α/2, so that both hold together with probability at least 1 − α at every moment.
 *
 * <ul>
 * <li><b>Worse</b> when the interval lies above 0 (the canary is worse, at the stated confidence) and the excess
 * observed is above the budget (worse by more than is worth acting on): a canary no worse than the primary is rolled
 * back with probability at most α, however long the release watches.</li>
 * <li><b>Within budget</b> when the interval lies below the budget: the data rule out an excess above it. A release is
 * promoted only then.</li>
 * <li><b>Undecided</b> otherwise: more requests are needed.</li>
 * </ul>
 */
record ErrorComparison(long canaryErrors, long canaryRequests, long primaryErrors, long primaryRequests) {

    enum Decision {
        WORSE, WITHIN_BUDGET, UNDECIDED
    }

    /** The interval on the excess at level α, and the decision it supports. */
    record Reading(double excess, double lower, double upper, Decision decision) {
    }

    static ErrorComparison of(VersionSample.Window canary, VersionSample.Window primary) {
        return new ErrorComparison(canary.errors(), canary.requests(), primary.errors(), primary.requests());
    }

    double canaryRate() {
        return canaryRequests == 0 ? 0 : (double) canaryErrors / canaryRequests;
    }

    double primaryRate() {
        return primaryRequests == 0 ? 0 : (double) primaryErrors / primaryRequests;
    }

    Reading read(double budget, double alpha) {
        ProportionSequence sequence = ProportionSequence.RARE_EVENTS;
        double half = alpha / 2;
        double lower = sequence.lower(canaryErrors, canaryRequests, half)
                - sequence.upper(primaryErrors, primaryRequests, half);
        double upper = sequence.upper(canaryErrors, canaryRequests, half)
                - sequence.lower(primaryErrors, primaryRequests, half);
        double excess = canaryRate() - primaryRate();
        Decision decision = lower > 0 && excess > budget ? Decision.WORSE
                : upper < budget ? Decision.WITHIN_BUDGET : Decision.UNDECIDED;
        return new Reading(excess, lower, upper, decision);
    }
}
