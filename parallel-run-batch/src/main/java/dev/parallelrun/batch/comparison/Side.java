package dev.parallelrun.batch.comparison;

/** The two implementations compared. */
enum Side {

    MONOLITH, CANDIDATE;

    Side other() {
        return this == MONOLITH ? CANDIDATE : MONOLITH;
    }

    /** The difference a record of this side is, when its twin never arrives. */
    DifferenceKind missingOnTheOtherSide() {
        return this == MONOLITH ? DifferenceKind.MISSING_IN_CANDIDATE : DifferenceKind.MISSING_IN_MONOLITH;
    }
}
