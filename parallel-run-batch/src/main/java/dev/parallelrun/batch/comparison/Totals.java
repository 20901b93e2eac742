package dev.parallelrun.batch.comparison;

/** Cumulative counts, and the differences open now by kind. */
record Totals(long matched, long pairsCompared, long monolithCompared, long candidateCompared,
        long missingInCandidate, long missingInMonolith, long fieldMismatch, long acknowledged) {

    long unacknowledged() {
        return missingInCandidate + missingInMonolith + fieldMismatch;
    }
}
