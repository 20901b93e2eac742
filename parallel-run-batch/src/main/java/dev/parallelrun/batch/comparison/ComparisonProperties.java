package dev.parallelrun.batch.comparison;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param interval    how often a pass runs on its own
 * @param gracePeriod a record younger than this is pending, not compared: its twin may still be on its way
 * @param fetchSize   rows fetched per round trip while streaming a side
 * @param monolith    the monolith's database (its {@code notification} table), read-only
 * @param candidate   the microservice's database (its {@code notification} table), read-only
 */
@Validated
@ConfigurationProperties("comparison")
public record ComparisonProperties(
        @NotNull @DefaultValue("30s") Duration interval,
        @NotNull @DefaultValue("10s") Duration gracePeriod,
        @Min(1) @DefaultValue("5000") int fetchSize,
        @Valid @NotNull Source monolith,
        @Valid @NotNull Source candidate) {

    public record Source(@NotBlank String url, @NotBlank String username, String password) {
    }
}
