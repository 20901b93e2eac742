package dev.parallelrun.batch.comparison;

/** A record read without its twin, which may still arrive. */
record AwaitingTwin(Side side, NotificationRecord record) {
}
