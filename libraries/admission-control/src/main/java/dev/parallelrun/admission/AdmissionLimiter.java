package dev.parallelrun.admission;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.LifoBlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's limit on work in progress: Netflix's Gradient2 adaptive limit, with a LIFO backlog in front (under
 * overload the newest requests, whose clients still wait, are served first; the oldest time out). Its figures are
 * meters: {@code admission_limit}, {@code admission_in_flight}, {@code admission_waiting},
 * {@code admission_rejected_total}.
 */
public final class AdmissionLimiter {

    private static final Logger log = LoggerFactory.getLogger(AdmissionLimiter.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final String service;
    private final AdmissionProperties properties;
    private final SimpleLimiter<Void> limit;
    private final Limiter<Void> withBacklog;
    private final Counter rejected;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong rejectedSinceLog = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    AdmissionLimiter(String service, AdmissionProperties properties, MeterRegistry meters) {
        this.service = service;
        this.properties = properties;
        this.limit = SimpleLimiter.newBuilder().named(service)
                .limit(Gradient2Limit.newBuilder().initialLimit(properties.initialLimit())
                        .minLimit(properties.minLimit()).maxConcurrency(properties.maxLimit()).build())
                .build();
        this.withBacklog = properties.backlog() == 0 ? limit
                : LifoBlockingLimiter.newBuilder(limit).backlogSize(properties.backlog())
                        .backlogTimeoutMillis(properties.backlogTimeout().toMillis()).build();
        Gauge.builder("admission.limit", limit, SimpleLimiter::getLimit)
                .description("Requests this instance lets in at once, as the adaptive limit stands").register(meters);
        Gauge.builder("admission.in.flight", limit, SimpleLimiter::getInflight)
                .description("Requests in progress now").register(meters);
        Gauge.builder("admission.waiting", waiting, AtomicInteger::get)
                .description("Requests waiting in the backlog for a place now").register(meters);
        this.rejected = Counter.builder("admission.rejected")
                .description("Requests answered 503 because the instance was at its limit").register(meters);
    }

    Optional<Limiter.Listener> acquire() {
        waiting.incrementAndGet();
        try {
            return withBacklog.acquire(null);
        }
        finally {
            waiting.decrementAndGet();
        }
    }

    /** Counts one rejection (and says so in the log, once in a while), and what the client is answered. */
    ServiceBusyException busy() {
        rejected.increment();
        rejectedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            log.warn("At capacity: {} requests answered 503 in the last {} s (limit {}, {} in progress)",
                    rejectedSinceLog.getAndSet(0), Math.round((now - last) / 1e9), limit.getLimit(),
                    limit.getInflight());
        }
        return new ServiceBusyException(service, limit.getLimit(), properties.retryAfter());
    }

    int limit() {
        return limit.getLimit();
    }
}
