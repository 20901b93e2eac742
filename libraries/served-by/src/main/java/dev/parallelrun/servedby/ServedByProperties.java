package dev.parallelrun.servedby;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param service          the name the instance answers to, e.g. {@code monolith-v2} or {@code final-version}: what
 *                         a canary release calls a version; the application's name when not set
 * @param instance         this instance's identity; when not set, the first 6 characters of the container id
 *                         (Docker sets {@code HOSTNAME} to it), else 6 random hex digits
 * @param node             the machine this instance runs on, as the cluster names it (a swarm stack sets it to the
 *                         node's hostname); not known otherwise
 * @param inventory        whether this service answers {@code GET /inventory} and publishes its count for the
 *                         cluster's (needs a {@code served_count} table in the service's database)
 * @param publishInterval  how often the count is written for the other instances: how far the cluster's count may
 *                         lag
 * @param usersKept        how long the users served are kept, second by second ({@code GET /actuator/users}): the
 *                         longest window a canary's split can be judged on by its users
 */
@Validated
@ConfigurationProperties("served-by")
public record ServedByProperties(
        @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,62}", message = "must be a lower-case DNS-like name") String service,
        @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,62}", message = "must be a lower-case DNS-like name") String instance,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,252}", message = "must be a host name") String node,
        @DefaultValue("false") boolean inventory,
        @DefaultValue("1s") Duration publishInterval,
        @DefaultValue("10m") Duration usersKept) {
}
