package dev.parallelrun.monolith.notification;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param mode {@code monolith}: this instance notifies; {@code shadow}: it notifies nobody (a second instance behind
 *             the comparing proxy). Anything else stops it at start rather than silently not notifying.
 */
@Validated
@ConfigurationProperties("notification")
record NotificationProperties(@NotNull @Pattern(regexp = "monolith|shadow", message = "must be monolith or shadow")
        @DefaultValue("monolith") String mode) {
}
