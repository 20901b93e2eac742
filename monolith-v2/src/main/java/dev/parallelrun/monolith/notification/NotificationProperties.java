package dev.parallelrun.monolith.notification;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param mode who notifies: {@code monolith}, {@code parallel-run}, {@code experiment}, {@code microservice} or {@code shadow} */
@Validated
@ConfigurationProperties("notification")
public record NotificationProperties(@NotNull @DefaultValue("parallel-run") NotificationMode mode) {
}
