package dev.parallelrun.notificationservice.notification;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param delivery {@code spy} (record only) or {@code live} (send and record)
 * @param template the notification text; {@code {id}}, {@code {shipTo}} and {@code {total}} are replaced, any other
 *                 {@code {word}} fails the start
 */
@Validated
@ConfigurationProperties("notification")
public record NotificationProperties(
        @NotNull @DefaultValue("spy") DeliveryMode delivery,
        @NotNull @DefaultValue("Payroll {id} shipped to {shipTo} of {total}") NotificationTemplate template) {
}
