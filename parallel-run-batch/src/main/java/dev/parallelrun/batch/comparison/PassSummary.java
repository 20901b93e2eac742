package dev.parallelrun.batch.comparison;

import java.time.Instant;

/**
 * What one pass did. {@code monolithRecords} and {@code candidateRecords} are the records it consumed from each
 * side; {@code matched} the pairs found equal (including missing ones whose twin arrived and agreed, also counted
 * in {@code resolved}); the three kinds count the differences it found; pending, the records still younger than
 * the grace period.
 */
record PassSummary(String trigger, Instant startedAt, long durationMs, long monolithRecords, long candidateRecords,
        long matched, long missingInCandidate, long missingInMonolith, long fieldMismatch, long resolved,
        long monolithPending, long candidatePending) {
}
