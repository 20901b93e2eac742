package dev.parallelrun.monolith.experiment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The real-time experiment of {@code notification.mode=experiment} ({@code EXPERIMENT_TIMEOUT}, ...).
 *
 * @param timeout       how long the microservice's answer is waited for; later is a timeout, counted as such
 * @param percent       the share of payrolls, 0 to 100, whose notification is compared
 * @param threads       candidate threads, shared by every experiment: they hand each candidate over and return
 * @param queue         candidates waiting for such a thread at most; one more is skipped, and counted
 * @param senders       threads asking the microservice for previews, each a batch at a time
 * @param batchSize     previews asked in one call at most
 * @param linger        how long a sender gathers previews after the first before it asks (0: at once)
 * @param waiting       previews waiting for a batch at most; one more is skipped, and counted
 * @param flushInterval how often the running totals are added to the database
 */
@Validated
@ConfigurationProperties("experiment")
public record ExperimentProperties(
        @DefaultValue("1s") @NotNull Duration timeout,
        @DefaultValue("100") @Min(0) @Max(100) int percent,
        @DefaultValue("2") @Min(1) int threads,
        @DefaultValue("200") @Min(0) int queue,
        @DefaultValue("2") @Min(1) int senders,
        @DefaultValue("200") @Min(1) @Max(500) int batchSize,
        @DefaultValue("20ms") @NotNull Duration linger,
        @DefaultValue("5000") @Min(1) int waiting,
        @DefaultValue("1s") @NotNull Duration flushInterval) {
}
