package dev.parallelrun.monolith.candidate;

import dev.parallelrun.monolith.candidate.EventBatchOutcome.EventOutcome;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientResponseException;

/**
 * Delivers the outbox to the notification microservice, off the request threads. New events gather for
 * {@code candidate.linger} before a sender claims them (up to {@code candidate.batch-size}), sends them in one call
 * through the circuit breaker and records every event's outcome with one statement per kind; while full batches are
 * due (a backlog), it claims again at once, and up to {@code candidate.concurrency} senders run. Events are claimed
 * only by a sender about to call, so no lease runs out while they wait. Under load the linger makes batches of a
 * hundred where calls one event each would cost the payment service half its throughput; when traffic is light, an
 * event leaves after the linger. A failed call is retried with exponential back-off until it succeeds, across
 * restarts, because the retry state lives in the outbox rows. The user's request never waits for any of it: after
 * its commit it only signals that work is due.
 */
@Component
class CandidateOutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CandidateOutboxRelay.class);

    private final CandidateOutbox outbox;
    private final NotificationServiceClient client;
    private final CircuitBreaker breaker;
    private final CandidateProperties properties;
    private final Duration lease;
    private final ThreadPoolTaskExecutor senders;
    private final TaskScheduler scheduler;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean workDue = new AtomicBoolean();
    private final AtomicBoolean startScheduled = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean sweepFailing;
    private final Counter forwarded;
    private final Counter failed;
    private final Counter rejected;
    private final Counter breakerOpen;
    private final Counter retried;

    CandidateOutboxRelay(CandidateOutbox outbox, NotificationServiceClient client, CircuitBreaker breaker,
            CandidateProperties properties, CandidateCallLimits callLimits,
            @Qualifier("candidateSenders") ThreadPoolTaskExecutor senders, TaskScheduler scheduler, MeterRegistry meters) {
        this.outbox = outbox;
        this.client = client;
        this.breaker = breaker;
        this.properties = properties;
        this.lease = callLimits.lease();
        this.senders = senders;
        this.scheduler = scheduler;
        this.forwarded = outcome(meters, "forwarded");
        this.failed = outcome(meters, "failed");
        this.rejected = outcome(meters, "rejected");
        this.breakerOpen = outcome(meters, "breaker_open");
        this.retried = Counter.builder("candidate.events.retried")
                .description("Events sent again after an earlier failed attempt").register(meters);
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
                .description("Events for the notification microservice by outcome of the call")
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

    /**
     * Right after a payroll commits, on the user's thread: says work is due. With no sender running, one starts once
     * the linger is over; a running one sees the signal when its call returns.
     */
    void deliverSoon() {
        workDue.set(true);
        if (running.get() == 0) {
            startAfterLinger();
        }
    }

    private void startAfterLinger() {
        if (properties.linger().isZero()) {
            startSender();
        }
        else if (startScheduled.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                startScheduled.set(false);
                startSender();
            }, Instant.now().plus(properties.linger()));
        }
    }

    /** The sweep: senders for what is due (events not sent at once, retries whose back-off is over, old leases). */
    void deliverDue() {
        try {
            if (outbox.hasDue()) {
                workDue.set(true);
                while (startSender()) {
                    // one more sender, until all run
                }
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

    private boolean startSender() {
        if (stopping || running.incrementAndGet() > properties.concurrency()) {
            running.decrementAndGet();
            return false;
        }
        try {
            senders.execute(this::send);
            return true;
        }
        catch (TaskRejectedException full) {
            running.decrementAndGet();
            return false;
        }
    }

    /**
     * One sender: claims and sends batches while they come full (a backlog), then leaves. Work signalled meanwhile
     * gathers for the linger and a new sender takes it.
     */
    private void send() {
        try {
            List<PendingDelivery> batch;
            do {
                workDue.set(false);
                batch = outbox.claim(properties.batchSize(), lease);
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            }
            while (batch.size() == properties.batchSize() && !stopping && callsPermitted());
        }
        catch (DataAccessException unavailable) {
            // The monolith's own database: the sweep says so once; claimed events come back when their lease ends.
            log.debug("Sender stopped: {}", unavailable.getMostSpecificCause().getMessage());
        }
        finally {
            running.decrementAndGet();
        }
        if (workDue.get() && callsPermitted()) {
            startAfterLinger(); // signalled while this one was sending
        }
    }

    /** While the breaker is open nothing is claimed: due events stay due for when it lets calls through again. */
    private boolean callsPermitted() {
        return breaker.getState() != CircuitBreaker.State.OPEN;
    }

    private void deliver(List<PendingDelivery> batch) {
        List<Long> ids = batch.stream().map(PendingDelivery::payrollId).toList();
        retried.increment(batch.stream().filter(delivery -> delivery.attempts() > 0).count());
        EventBatchOutcome answer;
        try {
            answer = breaker.executeSupplier(() -> client.receiveAll(
                    new EventBatch(batch.stream().map(PendingDelivery::event).toList())));
        }
        catch (CallNotPermittedException open) {
            outbox.postpone(ids, properties.breakerOpenFor());
            breakerOpen.increment(ids.size());
            return;
        }
        catch (RuntimeException failure) {
            retryLater(batch, describe(failure));
            return;
        }
        record(batch, answer);
    }

    /** Every event's own outcome: delivered, or refused for good. An event the answer does not mention is retried. */
    private void record(List<PendingDelivery> batch, EventBatchOutcome answer) {
        Map<Long, EventOutcome> outcomes = answer == null || answer.outcomes() == null ? Map.of()
                : answer.outcomes().stream().collect(Collectors.toMap(EventOutcome::payrollId, Function.identity(),
                        (first, second) -> first));
        List<Long> delivered = new ArrayList<>();
        Map<Long, String> refused = new LinkedHashMap<>();
        List<PendingDelivery> unanswered = new ArrayList<>();
        for (PendingDelivery delivery : batch) {
            EventOutcome outcome = outcomes.get(delivery.payrollId());
            if (outcome == null || outcome.outcome() == null) {
                unanswered.add(delivery);
            }
            else if (outcome.outcome().delivered()) {
                delivered.add(delivery.payrollId());
            }
            else {
                refused.put(delivery.payrollId(), outcome.outcome() + ": " + outcome.detail());
            }
        }
        outbox.markDelivered(delivered);
        forwarded.increment(delivered.size());
        outbox.markRejected(refused);
        rejected.increment(refused.size());
        refused.forEach((payrollId, why) -> log.error("Notification service refused the event of payroll {} as "
                + "invalid ({}); it is kept and not retried until requeued (POST /actuator/outbox)", payrollId, why));
        if (!unanswered.isEmpty()) {
            retryLater(unanswered, "no outcome in the answer");
        }
    }

    private void retryLater(List<PendingDelivery> batch, String error) {
        Map<Long, Duration> delays = new LinkedHashMap<>();
        for (PendingDelivery delivery : batch) {
            delays.put(delivery.payrollId(),
                    properties.backoff(delivery.attempts() + 1, ThreadLocalRandom.current().nextDouble()));
        }
        outbox.scheduleRetries(delays, error);
        failed.increment(batch.size());
        log.warn("{} events not delivered ({}); each retried after its own back-off, from {} ms", batch.size(), error,
                delays.values().stream().mapToLong(Duration::toMillis).min().orElse(0));
    }

    private static String describe(RuntimeException failure) {
        if (failure instanceof RestClientResponseException answered) {
            return "HTTP " + answered.getStatusCode().value();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    @Override
    public void destroy() {
        // Senders finish the call in flight and claim nothing more; a lease left behind runs out and the next start
        // delivers those events.
        stopping = true;
    }
}
