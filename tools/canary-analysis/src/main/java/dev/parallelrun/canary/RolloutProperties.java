package dev.parallelrun.canary;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Watching rolling updates on Docker Swarm ({@code ROLLOUT_ENABLED=true}, which the stack sets), with the checks and
 * thresholds of a canary release ({@code ANALYSIS_*}).
 *
 * @param enabled          whether to watch; off outside a swarm
 * @param engine           the Docker Engine API, with its version: the lab's gateway that lets through only what
 *                         watching and rolling back need
 * @param stack            the stack whose services are watched (their names are {@code STACK_SERVICE})
 * @param network          the stack's network, where each task's address is read
 * @param services         the services whose updates are watched: those that serve or record payrolls, stage 2's and
 *                         stage 3's
 * @param verdictServices  those whose update must keep the parallel run's verdict {@code true}: the two sides it
 *                         compares
 * @param tick             how often an update in progress is read; a failing check rolls back at the next tick
 */
@Validated
@ConfigurationProperties("rollout")
public record RolloutProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://docker-api:2375/v1.41") @NotNull URI engine,
        @DefaultValue("lab") @Pattern(regexp = "[a-z0-9][a-z0-9_-]*", message = "must be a stack's name") String stack,
        @DefaultValue("lab_parallel-run-lab") @NotNull String network,
        @DefaultValue({ "monolith-v2", "notification-ms-spy", "final-version", "notification-ms" })
        @NotEmpty List<String> services,
        @DefaultValue({ "monolith-v2", "notification-ms-spy" }) @NotNull List<String> verdictServices,
        @DefaultValue("1s") @NotNull Duration tick) {
}
