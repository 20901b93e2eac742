package dev.parallelrun.admission;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How much work an instance lets in at once. The limit adapts between {@code minLimit} and {@code maxLimit} to the
 * latency it sees (Netflix's Gradient2: it shrinks when requests take longer than they did, grows while they do
 * not); requests past it wait in a backlog, newest first, for at most {@code backlogTimeout}, and past the backlog
 * are answered 503 at once.
 * <p>
 * The minimum is the burst an instance absorbs without refusing anyone. At low load the limit does not grow (Gradient2
 * only grows a limit that is used), and when the instance stalls for a second or two (a garbage collection, a
 * neighbour starting on a shared core, a database checkpoint) the requests of that moment pile up: with a minimum of
 * 16, a two-second stall at 50 requests a second had 28 to 37 of them answered 503 although every one would have
 * been served within 2.3 s; with 48, one or two. Behind the lab's nginx, which lets an instance hold at most 48
 * requests at once, the limit matters where nginx is not in front: a service's own port, calls between services, a
 * swarm's routing mesh.
 *
 * @param enabled        whether the limit applies at all
 * @param initialLimit   requests in progress at once before the limit has learnt anything
 * @param minLimit       the limit never goes below this
 * @param maxLimit       nor above this: with the backlog, within the web server's threads (Tomcat's 200)
 * @param backlog        requests that wait for a place when the limit is reached; 0 answers 503 at once
 * @param backlogTimeout how long one of them waits before it is answered 503
 * @param retryAfter     what the 503 tells the client to wait before it retries (whole seconds)
 * @param exempt         path prefixes never limited: the operators' endpoints, which must answer most when the
 *                       users' are overloaded
 */
@Validated
@ConfigurationProperties("admission")
public record AdmissionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("48") @Min(1) int initialLimit,
        @DefaultValue("48") @Min(1) int minLimit,
        @DefaultValue("64") @Min(1) @Max(1000) int maxLimit,
        @DefaultValue("64") @Min(0) @Max(1000) int backlog,
        @DefaultValue("250ms") @NotNull Duration backlogTimeout,
        @DefaultValue("1s") @NotNull Duration retryAfter,
        @DefaultValue("/actuator") @NotNull List<String> exempt) {

    /** The limit starts within its bounds, and they are in order. */
    @AssertTrue(message = "admission.min-limit <= admission.initial-limit <= admission.max-limit")
    public boolean isOrdered() {
        return minLimit <= initialLimit && initialLimit <= maxLimit;
    }
}
