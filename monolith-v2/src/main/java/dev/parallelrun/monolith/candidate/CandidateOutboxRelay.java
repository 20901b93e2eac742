package dev.parallelrun.monolith.candidate;

import dev.parallelrun.monolith.candidate.CandidateOutbox.PendingDelivery;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox to the notification microservice, off the request threads. At most
 * {@code candidate.concurrency} senders run; each claims one due event at a time, sends it through the circuit
 * breaker, records the outcome and claims the next, until nothing is due: an event is claimed only by a sender
 * about to call, so no lease runs out while the event waits. A failure is retried with exponential back-off until
 * it succeeds, across restarts, because the retry state lives in the outbox row. The user's request never waits
 * for any of it.
 */
@Component
class CandidateOutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CandidateOutboxRelay.class);

    private final CandidateOutbox outbox;
    private final NotificationServiceClient client;
    private final CircuitBreaker breaker;
    private final CandidateProperties properties;
    private final ThreadPoolTaskExecutor senders;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean sweepFailing;
    private final Counter forwarded;
    private final Counter failed;
    private final Counter rejected;
    private final Counter breakerOpen;
    private final Counter retried;

    CandidateOutboxRelay(CandidateOutbox outbox, NotificationServiceClient client, CircuitBreaker breaker,
            CandidateProperties properties, @Qualifier("candidateSenders") ThreadPoolTaskExecutor senders,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.client = client;
        this.breaker = breaker;
        this.properties = properties;
        this.senders = senders;
        this.forwarded = outcome(meters, "forwarded");
        this.failed = outcome(meters, "failed");
        this.rejected = outcome(meters, "rejected");
        this.breakerOpen = outcome(meters, "breaker_open");
        this.retried = Counter.builder("candidate.events.retried")
                .description("Attempts that were retries of an earlier failed attempt").register(meters);
        Gauge.builder("candidate.events.pending", pending, AtomicLong::get)
                .description("Events not yet delivered to the notification microservice").register(meters);
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                recovered();
            }
        });
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("candidate.events")
                .description("Calls to the notification microservice by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** The breaker closed again after an outage: what waited out a back-off meanwhile is due now. */
    private void recovered() {
        try {
            log.info("Notification service reachable again: {} waiting events are due now", outbox.makePendingDue());
            deliverDue();
        }
        catch (DataAccessException unavailable) {
            log.warn("Could not make waiting events due: {}", unavailable.getMostSpecificCause().getMessage());
        }
    }

    /** Right after a payroll commits: a free sender takes this event now. With none free, a running one will. */
    void deliverSoon(long payrollId) {
        startSender(payrollId);
    }

    /** The sweep: senders for what is due (events not sent at once, retries whose back-off is over, old leases). */
    void deliverDue() {
        try {
            while (running.get() < properties.concurrency() && outbox.hasDue() && startSender(null)) {
                // one more sender for the work that is due
            }
            pending.set(outbox.pendingCount());
            if (sweepFailing) {
                sweepFailing = false;
                log.info("Outbox sweep works again");
            }
        }
        catch (DataAccessException unavailable) {
            if (!sweepFailing) {
                sweepFailing = true;
                log.warn("Outbox sweep failed, retrying every {}: {}", properties.relayInterval(),
                        unavailable.getMostSpecificCause().getMessage());
            }
        }
    }

    private boolean startSender(Long firstPayrollId) {
        if (stopping || running.incrementAndGet() > properties.concurrency()) {
            running.decrementAndGet();
            return false;
        }
        try {
            senders.execute(() -> {
                try {
                    send(firstPayrollId);
                }
                finally {
                    running.decrementAndGet();
                }
            });
            return true;
        }
        catch (TaskRejectedException full) {
            running.decrementAndGet();
            return false;
        }
    }

    /** One sender: the given event first, if any, then whatever is due, one event at a time, until none is. */
    private void send(Long firstPayrollId) {
        try {
            if (firstPayrollId != null && callsPermitted()) {
                outbox.claim(firstPayrollId, properties.lease()).ifPresent(this::deliver);
            }
            while (!stopping && callsPermitted()) {
                PendingDelivery next = outbox.claimNext(properties.lease()).orElse(null);
                if (next == null) {
                    return;
                }
                deliver(next);
            }
        }
        catch (DataAccessException unavailable) {
            // The monolith's own database: the sweep says so once; claimed events come back when their lease ends.
            log.debug("Sender stopped: {}", unavailable.getMostSpecificCause().getMessage());
        }
    }

    /** While the breaker is open nothing is claimed: due events stay due for when it lets calls through again. */
    private boolean callsPermitted() {
        return breaker.getState() != CircuitBreaker.State.OPEN;
    }

    private void deliver(PendingDelivery delivery) {
        long payrollId = delivery.payrollId();
        if (delivery.attempts() > 0) {
            retried.increment();
        }
        try {
            breaker.executeRunnable(() -> client.send(delivery.event()));
            outbox.markDelivered(payrollId);
            forwarded.increment();
        }
        catch (CallNotPermittedException open) {
            outbox.postpone(payrollId, properties.breakerOpenFor());
            breakerOpen.increment();
        }
        catch (CandidateRejectedException refused) {
            outbox.markRejected(payrollId, refused.getMessage());
            rejected.increment();
            log.error("Notification service refused the event of payroll {} as invalid ({}); it is kept and not "
                    + "retried until requeued (POST /actuator/outbox)", payrollId, refused.getMessage());
        }
        catch (DataAccessException ownDatabase) {
            throw ownDatabase;
        }
        catch (RuntimeException failure) {
            var delay = properties.backoff(delivery.attempts() + 1, ThreadLocalRandom.current().nextDouble());
            outbox.scheduleRetry(payrollId, delay, failure.getClass().getSimpleName() + ": " + failure.getMessage());
            failed.increment();
            log.warn("Event of payroll {} not delivered (attempt {}): {}; retry in {} ms", payrollId,
                    delivery.attempts() + 1, failure.getClass().getSimpleName(), delay.toMillis());
        }
    }

    @Override
    public void destroy() {
        // Senders finish the call in flight and claim nothing more; a lease left behind runs out and the next start
        // delivers that event.
        stopping = true;
    }
}
