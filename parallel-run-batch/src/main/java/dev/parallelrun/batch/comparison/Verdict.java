package dev.parallelrun.batch.comparison;


/**
 * What the comparison concludes, from the totals and what is still pending. It holds only when at least one pair
 * was compared and no difference is open: no data is not a pass.
 */
record Verdict(State state, boolean holds, String summary) {

    enum State {
        /** No pair was read on both sides yet: nothing proves the two implementations agree. */
        NOTHING_COMPARED,
        /** Pairs were compared and every difference found (if any) was acknowledged. */
        CONSISTENT,
        /** At least one difference is open. */
        DIFFERENCES_OPEN
    }

    static Verdict of(Totals totals, long pending) {
        String behind = plural(totals.pairsCompared(), "pair") + " compared, " + plural(pending, "record")
                + " pending";
        if (totals.unacknowledged() > 0) {
            return new Verdict(State.DIFFERENCES_OPEN, false, plural(totals.unacknowledged(), "open difference")
                    + " (" + totals.missingInCandidate() + " missing in candidate, " + totals.missingInMonolith()
                    + " missing in monolith, " + totals.fieldMismatch() + " field mismatch); " + behind);
        }
        if (totals.pairsCompared() == 0) {
            return new Verdict(State.NOTHING_COMPARED, false, "nothing compared yet: no pair read on both sides; "
                    + behind);
        }
        return new Verdict(State.CONSISTENT, true, "consistent: no open difference; " + behind);
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
