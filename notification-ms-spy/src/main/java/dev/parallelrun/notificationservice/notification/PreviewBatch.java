package dev.parallelrun.notificationservice.notification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Many previews in one call ({@code POST /notifications/preview/batch}), how the monolith's experiment asks under
 * load. A preview changes nothing, so there is nothing to judge event by event: one invalid event makes the call a 400
 * that names it. {@code docs/contracts/notification-preview-batch.json} pins it on both sides.
 */
public record PreviewBatch(@NotNull @NotEmpty @Size(max = EventBatch.MAX_EVENTS) List<@NotNull @Valid PayrollShippedEvent> events) {

    /** The answer: one preview per event, in the events' order. */
    public record Previews(List<NotificationPreview> previews) {
    }
}
