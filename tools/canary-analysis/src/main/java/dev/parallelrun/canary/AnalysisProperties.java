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
 * @param confidence         every check's confidence: the overall rate of wrong decisions each is allowed is 1 minus
 *                           it (0.95: 5 %), under continuous monitoring
 * @param errorBudget        how much the canary's share of 5xx may exceed the primary's (0.01: 1 point): an excess
 *                           above it, shown at the confidence, rolls back; promotion needs the data to rule one out
 * @param latencyEffect      the least slowing of the median worth rolling back for, once the latency test shows the
 *                           canary slower: a certain 2 ms is no reason to
 * @param sampleRatioAlpha   the sample-ratio test's level (0.001, as experimentation platforms use): a split that
 *                           misses its weight by more than chance stops the release
 * @param sampleRatioTolerance ... when the canary's share also misses the weight by more than this part of it (0.3:
 *                           30 %): users hashed onto the split never give it exactly its weight
 * @param maxEvidenceWait    at the last step, how long the release may wait for the errors' evidence to decide
 *                           before it is rolled back as undecided
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
        @DefaultValue("0.95") @DecimalMin("0.5") @DecimalMax("0.9999") double confidence,
        @DefaultValue("0.01") @DecimalMin("0") @DecimalMax("1") double errorBudget,
        @DefaultValue("25ms") @NotNull Duration latencyEffect,
        @DefaultValue("0.001") @DecimalMin("0.000001") @DecimalMax("0.5") double sampleRatioAlpha,
        @DefaultValue("0.3") @DecimalMin("0") @DecimalMax("1") double sampleRatioTolerance,
        @DefaultValue("3m") @NotNull Duration maxEvidenceWait,
        @DefaultValue("20") @Min(1) int minRequests,
        @DefaultValue("3") @Min(1) int maxEmptyWindows,
        @DefaultValue("monolith-v2") @NotNull String parallelRun,
        @DefaultValue("5s") @NotNull Duration verdictInterval) {

    /** The versions payment.service can point to, by the names they answer to on the lab's network. */
    static final List<String> VERSIONS = List.of("monolith-v1", "monolith-v2", "final-version");
}
