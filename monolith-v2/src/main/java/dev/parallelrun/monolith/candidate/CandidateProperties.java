package dev.parallelrun.monolith.candidate;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the monolith forwards business events to the notification microservice (the candidate).
 *
 * @param url                base URL of the notification microservice
 * @param connectTimeout     give up connecting after this long
 * @param readTimeout        give up waiting for an answer after this long
 * @param concurrency        at most this many calls in flight; the rest wait in the outbox
 * @param relayInterval      how often the outbox is swept for due events (new ones are also sent at once)
 * @param initialBackoff     wait before the first retry; doubles per failed attempt
 * @param maxBackoff         the longest wait between two attempts
 * @param lease              how long a claimed event is reserved for the call in flight before another sender may
 *                           take it: longer than a call can last (connect + read timeout)
 * @param breakerFailureRate percentage of failed calls (over the last 10) that opens the circuit breaker
 * @param breakerOpenFor     how long the breaker stays open before it lets a trial call through
 */
@Validated
@ConfigurationProperties("candidate")
public record CandidateProperties(
        @NotNull @DefaultValue("http://localhost:8081") URI url,
        @NotNull @DefaultValue("1s") Duration connectTimeout,
        @NotNull @DefaultValue("2s") Duration readTimeout,
        @Min(1) @DefaultValue("4") int concurrency,
        @NotNull @DefaultValue("1s") Duration relayInterval,
        @NotNull @DefaultValue("500ms") Duration initialBackoff,
        @NotNull @DefaultValue("30s") Duration maxBackoff,
        @NotNull @DefaultValue("30s") Duration lease,
        @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float breakerFailureRate,
        @NotNull @DefaultValue("5s") Duration breakerOpenFor) {

    /** A lease shorter than a call would let a second sender take an event still in flight. */
    @AssertTrue(message = "lease must be longer than connect-timeout + read-timeout")
    public boolean isLeaseLongerThanACall() {
        return lease.compareTo(connectTimeout.plus(readTimeout)) > 0;
    }

    /** Exponential back-off for the given attempt (1 = first retry), capped, with jitter so retries spread out. */
    Duration backoff(int attempt, double jitter) {
        long base = initialBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(Math.round(capped * (0.75 + 0.5 * jitter)));
    }
}
