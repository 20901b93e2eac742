package dev.parallelrun.batch.comparison;

/** Which differences a listing shows: those still open, those acknowledged, or both. */
enum DifferenceStatus {
    OPEN, ACKNOWLEDGED, ALL
}
