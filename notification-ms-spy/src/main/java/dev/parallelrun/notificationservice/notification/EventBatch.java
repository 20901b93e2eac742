package dev.parallelrun.notificationservice.notification;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The batch form of the event contract ({@code POST /notifications/batch}): many events in one call. Each event is
 * judged on its own and answered with its own {@link EventOutcome}: an invalid event never fails its neighbours.
 * Only the envelope can make the whole call a 400: not a list, empty, more than {@value #MAX_EVENTS} events, an
 * event without its payroll id (the key every outcome is given by), or one payroll id twice.
 * {@code docs/contracts/payroll-shipped-event-batch.json} pins it on both sides.
 */
public record EventBatch(@NotNull @NotEmpty @Size(max = MAX_EVENTS) List<@NotNull PayrollShippedEvent> events) {

    public static final int MAX_EVENTS = 500;
}
