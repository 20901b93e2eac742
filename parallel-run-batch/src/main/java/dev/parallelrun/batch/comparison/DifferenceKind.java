package dev.parallelrun.batch.comparison;

/** How the two notifications of one payroll differ. */
enum DifferenceKind {

    /** The monolith sent it; the microservice has no record (yet: it resolves by itself when the twin arrives). */
    MISSING_IN_CANDIDATE,

    /** The microservice recorded it; the monolith has no record (yet). */
    MISSING_IN_MONOLITH,

    /** Both have it, with a different recipient or message. */
    FIELD_MISMATCH
}
