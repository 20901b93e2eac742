package dev.parallelrun.monolith.experiment;

import java.math.BigDecimal;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * The notification microservice's preview operation, in its batch form ({@code docs/contracts/notification-preview-batch.json}):
 * the notification it would send for each event, built with its own template, recorded nowhere and sent to nobody.
 * Same HTTP service group, so same address and timeouts, as the outbox's client.
 */
@HttpExchange(url = "/notifications", contentType = "application/json", accept = "application/json")
interface NotificationPreviewClient {

    String GROUP = "notification-service";

    /** Many previews in one call ({@code docs/contracts/notification-preview-batch.json}), in the events' order. */
    @PostExchange("/preview/batch")
    Previews previewAll(@RequestBody PreviewBatch batch);

    /** The business event, as in {@code docs/contracts/payroll-shipped-event.json}. */
    record Event(long payrollId, String shipTo, BigDecimal total) {
    }

    /** The microservice's answer. */
    record Preview(long payrollId, String recipient, String message) {
    }

    record PreviewBatch(java.util.List<Event> events) {
    }

    record Previews(java.util.List<Preview> previews) {
    }
}
