package dev.parallelrun.notification.notification;

import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/**
 * Builds a notification from the business event with this service's own code and wording. It must agree with the
 * monolith's text for the parallel run to pass; the template is configurable to show what a disagreement looks
 * like.
 */
@Component
class NotificationTemplate {

    private final String template;

    NotificationTemplate(NotificationProperties properties) {
        this.template = properties.template();
    }

    String recipientOf(PayrollShippedEvent event) {
        return event.shipTo();
    }

    String messageOf(PayrollShippedEvent event) {
        return template
                .replace("{id}", String.valueOf(event.payrollId()))
                .replace("{shipTo}", event.shipTo())
                .replace("{total}", amount(event.total()));
    }

    /** 320.00 reads "320", 320.50 reads "320.5": an amount as a person writes it. */
    static String amount(BigDecimal total) {
        return total.stripTrailingZeros().toPlainString();
    }
}
