package dev.parallelrun.canary;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a release goes unless its request says otherwise ({@code ANALYSIS_STEPS=10,25,50,100}, {@code ANALYSIS_INTERVAL=30s}, ...).
 *
 * @param routeFile          where payment.service's route is written: the proxy's shared volume
 * @param stateFile          the release in progress and its history, kept beside the route so that a restart resumes it
 * @param primary            the version users are on
 * @param canary             the version being released
 * @param steps              the canary's weights, one per step, rising, the last 100
 * @param interval           a step's window: its checks must hold over this long before the next step
 * @param tick               how often the window is read; a failing check rolls back at the next tick
 * @param port               the port every version's instances listen on
 * @param maxErrorRate       the canary's share of 5xx answers over the window, at most (0.05: 5 %)
 * @param latencyFactor      the canary's p99 over the window, at most this many times the primary's ...
 * @param latencyTolerance   ... plus this: a 9 ms p99 against a 4 ms one is no reason to roll back
 * @param minRequests        canary requests a window needs before its checks count; fewer and the step holds
 * @param maxEmptyWindows    windows in a row without enough canary requests before the release fails: no data is
 *                           never a promotion
 * @param parallelRun        the version whose notifications the parallel run compares: releasing it, the parallel
 *                           run's verdict must stay {@code true}
 * @param verdictInterval    how often the parallel run's verdict is asked during a window
 */
@Validated
@ConfigurationProperties("analysis")
public record AnalysisProperties(
        @DefaultValue("/var/lib/payment-route/route") @NotNull Path routeFile,
        @DefaultValue("/var/lib/payment-route/canary-release.json") @NotNull Path stateFile,
        @DefaultValue("monolith-v1") @NotNull String primary,
        @DefaultValue("monolith-v2") @NotNull String canary,
        @DefaultValue({ "10", "25", "50", "100" }) @NotEmpty List<Integer> steps,
        @DefaultValue("30s") @NotNull Duration interval,
        @DefaultValue("1s") @NotNull Duration tick,
        @DefaultValue("8080") @Min(1) int port,
        @DefaultValue("0.05") @DecimalMin("0") @DecimalMax("1") double maxErrorRate,
        @DefaultValue("1.5") @DecimalMin("1") double latencyFactor,
        @DefaultValue("50ms") @NotNull Duration latencyTolerance,
        @DefaultValue("20") @Min(1) int minRequests,
        @DefaultValue("3") @Min(1) int maxEmptyWindows,
        @DefaultValue("monolith-v2") @NotNull String parallelRun,
        @DefaultValue("5s") @NotNull Duration verdictInterval) {

    /** The versions payment.service can point to, by the names they answer to on the lab's network. */
    static final List<String> VERSIONS = List.of("monolith-v1", "monolith-v2", "final-version");
}
