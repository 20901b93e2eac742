package dev.parallelrun.monolith.notification;

import dev.parallelrun.monolith.payroll.PayrollCommitConfirmed;
import dev.parallelrun.monolith.payroll.PayrollCreated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The monolith's in-process notification. "Sending" is one log line, whose prefix the lab counts to prove that
 * every payroll is notified exactly once; it runs only after the payroll has committed. In the parallel run the
 * notification is also recorded, in the payroll's own transaction, for the comparison.
 */
@Component
class LegacyNotifier {

    private static final Logger log = LoggerFactory.getLogger(LegacyNotifier.class);

    private final NotificationMode mode;
    private final JdbcClient jdbc;
    private final Counter sent;
    private final SendingExperiment experiment;

    LegacyNotifier(NotificationProperties properties, JdbcClient jdbc, MeterRegistry meters,
            ObjectProvider<SendingExperiment> experiment) {
        this.mode = properties.mode();
        this.jdbc = jdbc;
        this.experiment = mode.experiments() ? experiment.getObject() : null;
        this.sent = Counter.builder("notifications.sent")
                .description("Notifications really sent to users")
                .tag("implementation", "monolith")
                .register(meters);
    }

    /**
     * What was sent, in the payroll's transaction, for the comparison. Its creation time is the database's, taken as
     * the row is written (the column's default): the batch relies on it.
     */
    @EventListener
    void record(PayrollCreated payroll) {
        if (mode.monolithRecords()) {
            NotificationMessage message = messageFor(payroll);
            jdbc.sql("INSERT INTO notification (payroll_id, recipient, message) VALUES (:id, :recipient, :message)")
                    .param("id", payroll.payrollId()).param("recipient", message.recipient())
                    .param("message", message.text()).update();
        }
    }

    @TransactionalEventListener
    void send(PayrollCreated payroll) {
        if (experiment != null) {
            experiment.run(payroll, () -> sendNow(payroll));
        }
        else if (mode.monolithSends()) {
            sendNow(payroll);
        }
    }

    /** Committed after all, although its request saw the commit fail: sent now, as the commit would have. */
    @EventListener
    void send(PayrollCommitConfirmed confirmed) {
        send(confirmed.payroll());
    }

    private NotificationMessage sendNow(PayrollCreated payroll) {
        NotificationMessage message = messageFor(payroll);
        log.info("Notification sent to {}: {}", message.recipient(), message.text());
        sent.increment();
        return message;
    }

    private static NotificationMessage messageFor(PayrollCreated payroll) {
        return NotificationMessage.forPayroll(payroll.payrollId(), payroll.shipTo(), payroll.total());
    }
}
