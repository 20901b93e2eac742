package dev.parallelrun.notificationservice.notification;

import java.util.List;

/** The answer to an {@link EventBatch}: one outcome per event, in the order of the events. */
public record EventBatchOutcome(List<EventOutcome> outcomes) {
}
