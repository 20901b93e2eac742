package dev.parallelrun.experiment;

/** How one call of an experiment ended, from the candidate's side. */
public enum Outcome {

    /** Both answered, and the answers are equal by the experiment's comparator (or both threw the same kind). */
    MATCHED,

    /** Both answered, differently, and no ignore rule excuses it. */
    MISMATCHED,

    /** Both answered, differently, and an ignore rule says the difference does not count. */
    IGNORED,

    /** The candidate threw; the control did not. */
    CANDIDATE_FAILED,

    /** The candidate did not answer within the experiment's timeout. */
    TIMED_OUT,

    /** The candidate was not run: every candidate thread was busy and the queue full. */
    SKIPPED;

    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
