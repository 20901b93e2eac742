package dev.parallelrun.monolith.candidate;

import dev.parallelrun.monolith.notification.NotificationMode;
import dev.parallelrun.monolith.notification.NotificationProperties;
import dev.parallelrun.monolith.payroll.PayrollCommitConfirmed;
import dev.parallelrun.monolith.payroll.PayrollCreated;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands each payroll to the notification microservice when the mode says so: the outbox row, carrying the event,
 * is written in the payroll's transaction (nothing is lost if the process dies after commit); after commit the user's
 * thread only signals the senders, which deliver it on their own threads (the user never waits for it).
 */
@Component
class PayrollEventForwarder {

    private final NotificationMode mode;
    private final CandidateOutbox outbox;
    private final CandidateOutboxRelay relay;

    PayrollEventForwarder(NotificationProperties notification, CandidateOutbox outbox, CandidateOutboxRelay relay) {
        this.mode = notification.mode();
        this.outbox = outbox;
        this.relay = relay;
    }

    @EventListener
    void addToOutbox(PayrollCreated payroll) {
        if (mode.forwardsToMicroservice()) {
            outbox.add(payroll);
        }
    }

    @TransactionalEventListener
    void forwardAfterCommit(PayrollCreated payroll) {
        if (mode.forwardsToMicroservice()) {
            relay.deliverSoon();
        }
    }

    /** Its outbox entry was committed with it: delivered now rather than at the outbox's next sweep. */
    @EventListener
    void forwardAfterCommit(PayrollCommitConfirmed confirmed) {
        forwardAfterCommit(confirmed.payroll());
    }
}
