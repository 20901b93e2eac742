package dev.parallelrun.monolith.experiment;

import java.math.BigDecimal;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * The notification microservice's preview operation ({@code contracts/notification-preview.json}): the notification
 * it would send for an event, built with its own template, recorded nowhere and sent to nobody. Same HTTP service
 * group, so same address and timeouts, as the outbox's client.
 */
@HttpExchange(url = "/notifications", contentType = "application/json", accept = "application/json")
interface NotificationPreviewClient {

    String GROUP = "notification-service";

    @PostExchange("/preview")
    Preview preview(@RequestBody Event event);

    /** The business event, as in {@code contracts/payroll-shipped-event.json}. */
    record Event(long payrollId, String shipTo, BigDecimal total) {
    }

    /** The microservice's answer. */
    record Preview(long payrollId, String recipient, String message) {
    }
}
