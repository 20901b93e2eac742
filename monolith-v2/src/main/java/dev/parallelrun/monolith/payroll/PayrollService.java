package dev.parallelrun.monolith.payroll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class PayrollService {

    /** A created payroll, and whether this call created it or replayed an earlier call with the same key. */
    record Outcome(PayrollResponse payroll, boolean replayed) {
    }

    private final PayrollRepository payrolls;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Counter created;
    private final InDoubtCommits inDoubt;

    PayrollService(PayrollRepository payrolls, ApplicationEventPublisher events, TransactionTemplate transaction,
            Clock clock, MeterRegistry meters, InDoubtCommits inDoubt) {
        this.payrolls = payrolls;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
        this.inDoubt = inDoubt;
        this.created = Counter.builder("payrolls").description("Payrolls created").register(meters);
    }

    /** A payroll whose commit was in doubt, found committed later (InDoubtCommits): created after all. */
    @EventListener
    void counted(PayrollCommitConfirmed confirmed) {
        created.increment();
    }

    Page<PayrollResponse> list(int page, int size) {
        return payrolls.findAll(PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id"))).map(PayrollResponse::of);
    }

    Optional<PayrollResponse> find(long id) {
        return payrolls.findById(id).map(PayrollResponse::of);
    }

    /**
     * Creates a payroll, or with an idempotency key already seen, returns the payroll that key created. One
     * transaction, and one statement on the way of every new payroll: the insert steps aside when the key is taken
     * (by a request before this one, or by one racing with it that commits first), and only then is the payroll
     * that key created read. Nothing is published for a repeat, so the user is notified once. A lookup before every
     * insert, in a transaction of its own, cost a fifth of the service's CPU a payroll (docs/benchmarks.md).
     */
    Outcome create(CreatePayrollRequest request, String idempotencyKey) {
        return transaction.execute(status -> insert(request, idempotencyKey)
                .map(created -> new Outcome(created, false))
                .or(() -> replay(request, idempotencyKey))
                .orElseThrow(() -> new IllegalStateException("no payroll holds the taken key " + idempotencyKey)));
    }

    private Optional<Outcome> replay(CreatePayrollRequest request, String idempotencyKey) {
        return payrolls.findByIdempotencyKey(idempotencyKey).map(existing -> {
            if (!existing.isSameRequestAs(request)) {
                throw new IdempotencyKeyReusedException(idempotencyKey, existing.getId());
            }
            return new Outcome(PayrollResponse.of(existing), true);
        });
    }

    /** PostgreSQL keeps microseconds: the response to a create must equal a later read. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The new payroll, published; empty when its idempotency key is taken. */
    private Optional<PayrollResponse> insert(CreatePayrollRequest request, String idempotencyKey) {
        Payroll payroll = new Payroll(request.shipTo(), request.total(), idempotencyKey, now());
        return payrolls.insertUnlessKeyTaken(payroll).map(id -> published(id, payroll));
    }

    private PayrollResponse published(long id, Payroll payroll) {
        PayrollCreated event = new PayrollCreated(id, payroll.getShipTo(), payroll.getTotal());
        events.publishEvent(event);
        // Counted once committed: a payroll whose transaction rolls back (the warm-up's) was never created. A commit
        // that failed may have been made all the same (the database went away before its answer came back, and the
        // rollback that follows cannot say either): looked up later.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            private boolean committing;

            @Override
            public void beforeCommit(boolean readOnly) {
                committing = true;
            }

            @Override
            public void afterCommit() {
                created.increment();
            }

            @Override
            public void afterCompletion(int status) {
                if (committing && status != STATUS_COMMITTED) {
                    inDoubt.add(event);
                }
            }
        });
        return PayrollResponse.of(id, payroll);
    }
}
