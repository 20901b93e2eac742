package dev.parallelrun.monolith.candidate;

import dev.parallelrun.monolith.candidate.CandidateOutbox.Counts;
import dev.parallelrun.monolith.candidate.CandidateOutbox.RejectedDelivery;
import dev.parallelrun.monolith.notification.NotificationProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * The outbox for an operator: {@code GET /actuator/outbox} shows this instance's events by state and the ones the
 * microservice refused as invalid; {@code POST /actuator/outbox} (optionally {@code {"payrollId": 7}}) makes
 * refused events due again once the cause is fixed. An operations endpoint, not part of the payment API.
 */
@Component
@Endpoint(id = "outbox")
class CandidateOutboxEndpoint {

    private static final Logger log = LoggerFactory.getLogger(CandidateOutboxEndpoint.class);
    private static final int REJECTED_SHOWN = 100;

    record Outbox(String mode, long pending, long rejected, List<RejectedDelivery> rejectedEvents) {
    }

    record Requeued(int requeued) {
    }

    private final CandidateOutbox outbox;
    private final CandidateOutboxRelay relay;
    private final String mode;

    CandidateOutboxEndpoint(CandidateOutbox outbox, CandidateOutboxRelay relay,
            NotificationProperties notification) {
        this.outbox = outbox;
        this.relay = relay;
        this.mode = notification.mode().name();
    }

    @ReadOperation
    Outbox outbox() {
        Counts counts = outbox.counts();
        return new Outbox(mode, counts.pending(), counts.rejected(), outbox.rejected(REJECTED_SHOWN));
    }

    @WriteOperation
    Requeued requeueRejected(@Nullable Long payrollId) {
        int requeued = outbox.requeueRejected(payrollId);
        log.info("Requeued {} rejected events{}", requeued, payrollId == null ? "" : " (payroll " + payrollId + ")");
        relay.deliverDue();
        return new Requeued(requeued);
    }
}
