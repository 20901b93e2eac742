package dev.parallelrun.batch.comparison;

import java.time.Instant;

/**
 * What one pass did. {@code monolithRecords} and {@code candidateRecords} are the records it read from each side;
 * {@code matched} the pairs found equal (including twins of records that waited, and of missing ones, which
 * {@code resolved} also counts); the three kinds count the differences it found; pending, per side, the records not
 * judged yet: not read yet (younger than the grace period) or read and awaiting their twin ({@code awaitingTwin}
 * counts those of both sides).
 */
record PassSummary(String trigger, Instant startedAt, long durationMs, long monolithRecords, long candidateRecords,
        long matched, long missingInCandidate, long missingInMonolith, long fieldMismatch, long resolved,
        long monolithPending, long candidatePending, long awaitingTwin) {
}
