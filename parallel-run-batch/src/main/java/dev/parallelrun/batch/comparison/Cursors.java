package dev.parallelrun.batch.comparison;

import java.time.Instant;

/** How far each side has been read: the creation time of the last record consumed. */
record Cursors(Instant monolith, Instant candidate) {
}
