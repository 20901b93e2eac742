package dev.parallelrun.batch.comparison;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param interval          how often a pass runs on its own
 * @param gracePeriod       a record younger than this is not read yet: most pairs are then read in the same pass
 * @param latenessWindow    how long a record's twin may take to arrive on the other side. A record read alone is
 *                          pending until both sides have been read up to its creation time plus this window; only
 *                          then, still without its twin, is it a difference
 * @param fetchSize         rows fetched per round trip while streaming a side
 * @param candidateDelivery which of the microservice's records are compared: the parallel run is about what the spy
 *                          recorded, not what the live service sent in stage 3
 * @param monolith          the monolith's database (its {@code notification} table), read-only
 * @param candidate         the microservice's database (its {@code notification} table), read-only
 */
@Validated
@ConfigurationProperties("comparison")
public record ComparisonProperties(
        @NotNull @DefaultValue("30s") Duration interval,
        @NotNull @DefaultValue("10s") Duration gracePeriod,
        @NotNull @DefaultValue("30s") Duration latenessWindow,
        @Min(1) @Max(100_000) @DefaultValue("5000") int fetchSize,
        @NotNull @DefaultValue("spy") CandidateDelivery candidateDelivery,
        @Valid @NotNull Source monolith,
        @Valid @NotNull Source candidate) {

    public record Source(@NotBlank String url, @NotBlank String username, String password) {
    }

    /** The microservice's delivery modes, as its {@code notification.delivery} column stores them. */
    public enum CandidateDelivery {
        SPY, LIVE
    }
}
