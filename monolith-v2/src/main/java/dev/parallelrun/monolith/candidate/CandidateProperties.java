package dev.parallelrun.monolith.candidate;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the monolith delivers business events to the notification microservice (the candidate). Where the
 * microservice is and how long a call may take are its HTTP client's: {@code spring.http.serviceclient
 * .notification-service.*} (base-url from {@code CANDIDATE_URL}).
 *
 * @param concurrency        at most this many calls in flight; the rest wait in the outbox
 * @param batchSize          at most this many events in one call (the contract allows 500)
 * @param linger             how long new events gather before a sender takes them: under load, batches instead of a
 *                           call per event; 0 sends each at once
 * @param relayInterval      how often the outbox is swept for due events (new ones are also sent at once)
 * @param initialBackoff     wait before the first retry; doubles per failed attempt
 * @param maxBackoff         the longest wait between two attempts
 * @param breakerFailureRate percentage of failed calls (over the last 10) that opens the circuit breaker
 * @param breakerOpenFor     how long the breaker stays open before it lets a trial call through
 */
@Validated
@ConfigurationProperties("candidate")
public record CandidateProperties(
        @Min(1) @DefaultValue("4") int concurrency,
        @Min(1) @Max(500) @DefaultValue("200") int batchSize,
        @NotNull @DefaultValue("100ms") Duration linger,
        @NotNull @DefaultValue("1s") Duration relayInterval,
        @NotNull @DefaultValue("500ms") Duration initialBackoff,
        @NotNull @DefaultValue("30s") Duration maxBackoff,
        @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float breakerFailureRate,
        @NotNull @DefaultValue("5s") Duration breakerOpenFor) {

    /** Exponential back-off for the given attempt (1 = first retry), capped, with jitter so retries spread out. */
    Duration backoff(int attempt, double jitter) {
        long base = initialBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(Math.round(capped * (0.75 + 0.5 * jitter)));
    }
}
