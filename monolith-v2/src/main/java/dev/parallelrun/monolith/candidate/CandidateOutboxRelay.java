package dev.parallelrun.monolith.candidate;

import dev.parallelrun.monolith.candidate.CandidateOutbox.PendingDelivery;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox to the notification microservice, off the request threads: at most
 * {@code candidate.concurrency} calls at once, each through the circuit breaker; a failure is retried with
 * exponential back-off until it succeeds, across restarts, because the retry state lives in the outbox row.
 * The user's request never waits for any of it.
 */
@Component
class CandidateOutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CandidateOutboxRelay.class);

    private final CandidateOutbox outbox;
    private final NotificationServiceClient client;
    private final CircuitBreaker breaker;
    private final CandidateProperties properties;
    private final ThreadPoolExecutor senders;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final Counter forwarded;
    private final Counter failed;
    private final Counter rejected;
    private final Counter breakerOpen;
    private final Counter retried;

    CandidateOutboxRelay(CandidateOutbox outbox, NotificationServiceClient client, CircuitBreaker breaker,
            CandidateProperties properties, MeterRegistry meters) {
        this.outbox = outbox;
        this.client = client;
        this.breaker = breaker;
        this.properties = properties;
        // Bounded on both sides: a few senders, a bounded queue; what does not fit stays due in the outbox.
        CustomizableThreadFactory threads = new CustomizableThreadFactory("candidate-");
        threads.setDaemon(true);
        this.senders = new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(properties.batchSize() * 10), threads,
                new ThreadPoolExecutor.DiscardPolicy());
        this.forwarded = outcome(meters, "forwarded");
        this.failed = outcome(meters, "failed");
        this.rejected = outcome(meters, "rejected");
        this.breakerOpen = outcome(meters, "breaker_open");
        this.retried = Counter.builder("candidate.events.retried")
                .description("Attempts that were retries of an earlier failed attempt").register(meters);
        Gauge.builder("candidate.events.pending", pending, AtomicLong::get)
                .description("Events not yet delivered to the notification microservice").register(meters);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("candidate.events")
                .description("Calls to the notification microservice by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Right after a payroll commits: try now, on a sender thread. If that cannot happen, the sweep will. */
    void deliverSoon(long payrollId) {
        senders.execute(() -> outbox.claim(payrollId, properties.lease()).ifPresent(this::deliver));
    }

    /** The sweep: everything due (new events not yet sent, retries whose back-off is over, expired leases). */
    void deliverDue() {
        int room = properties.batchSize() * 10 - senders.getQueue().size();
        if (room >= properties.batchSize()) {
            for (PendingDelivery delivery : outbox.claimDue(properties.batchSize(), properties.lease())) {
                senders.execute(() -> deliver(delivery));
            }
        }
        pending.set(outbox.pendingCount());
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
            if (degraded.compareAndSet(true, false)) {
                log.info("Notification service reachable again: {} waiting events are due now", outbox.makePendingDue());
            }
        }
        catch (CallNotPermittedException open) {
            outbox.postpone(payrollId, properties.breakerOpenFor());
            breakerOpen.increment();
            degraded.set(true);
        }
        catch (CandidateRejectedException refused) {
            outbox.markRejected(payrollId, refused.getMessage());
            rejected.increment();
            log.warn("Notification service refused the event of payroll {}: {}; not retried", payrollId,
                    refused.getMessage());
        }
        catch (RuntimeException failure) {
            var delay = properties.backoff(delivery.attempts() + 1, ThreadLocalRandom.current().nextDouble());
            outbox.scheduleRetry(payrollId, delay, failure.getClass().getSimpleName() + ": " + failure.getMessage());
            failed.increment();
            degraded.set(true);
            log.warn("Event of payroll {} not delivered (attempt {}): {}; retry in {} ms", payrollId,
                    delivery.attempts() + 1, failure.getClass().getSimpleName(), delay.toMillis());
        }
    }

    @Override
    public void destroy() {
        // Events in flight stay in the outbox; their lease runs out and the next start delivers them.
        senders.shutdownNow();
    }
}
