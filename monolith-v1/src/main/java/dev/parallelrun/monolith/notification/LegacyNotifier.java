package dev.parallelrun.monolith.notification;

import dev.parallelrun.monolith.payroll.PayrollCommitConfirmed;
import dev.parallelrun.monolith.payroll.PayrollCreated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The monolith's in-process notification. "Sending" is one log line, whose prefix the lab counts to prove that
 * every payroll is notified exactly once; it runs only after the payroll has committed. Not there at all with
 * {@code NOTIFICATION_MODE=shadow}: a second instance behind the comparing proxy (Example 3) notifies nobody.
 */
@Component
@ConditionalOnProperty(name = "notification.mode", havingValue = "monolith", matchIfMissing = true)
class LegacyNotifier {

    private static final Logger log = LoggerFactory.getLogger(LegacyNotifier.class);

    private final Counter sent;

    LegacyNotifier(MeterRegistry meters) {
        this.sent = Counter.builder("notifications.sent")
                .description("Notifications really sent to users")
                .tag("implementation", "monolith")
                .register(meters);
    }

    @TransactionalEventListener
    void on(PayrollCreated payroll) {
        NotificationMessage message = NotificationMessage.forPayroll(payroll.payrollId(), payroll.shipTo(),
                payroll.total());
        log.info("Notification sent to {}: {}", message.recipient(), message.text());
        sent.increment();
    }

    /** Committed after all, although its request saw the commit fail: sent now, as the commit would have. */
    @EventListener
    void on(PayrollCommitConfirmed confirmed) {
        on(confirmed.payroll());
    }
}
