package dev.parallelrun.canary;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /release} starts a release (every field optional: the defaults are the service's configuration; a
 * {@code mismatchBudget} judges the parallel run on its mismatch rate's bound instead of on any open difference),
 * {@code GET /release} shows it (step, weight, the window's checks with values and thresholds, the history),
 * {@code POST /release/abort} rolls it back to 0 by hand.
 */
@RestController
@RequestMapping(path = "/release", produces = MediaType.APPLICATION_JSON_VALUE)
class ReleaseController {

    /** What to release, and how; a field left out takes the service's configured default. */
    record ReleaseRequest(String primary, String canary,
            @Size(min = 1, max = 20) List<@NotNull @Min(1) @Max(100) Integer> steps, String interval,
            @DecimalMin("0") @DecimalMax("1") Double mismatchBudget) {
    }

    private final CanaryRelease releases;
    private final AnalysisProperties defaults;
    private final VersionMetrics metrics;

    ReleaseController(CanaryRelease releases, AnalysisProperties defaults, VersionMetrics metrics) {
        this.releases = releases;
        this.defaults = defaults;
        this.metrics = metrics;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Release> start(@RequestBody(required = false) @Valid ReleaseRequest request) {
        ReleaseRequest asked = request != null ? request : new ReleaseRequest(null, null, null, null, null);
        String primary = version("primary", asked.primary(), defaults.primary());
        String canary = version("canary", asked.canary(), defaults.canary());
        if (primary.equals(canary)) {
            throw badRequest("primary and canary must be two different versions, not " + canary + " twice");
        }
        List<Integer> steps = asked.steps() != null ? asked.steps() : defaults.steps();
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i) <= steps.get(i - 1)) {
                throw badRequest("steps must rise, each weight above the one before: " + steps);
            }
        }
        if (steps.get(steps.size() - 1) != 100) {
            throw badRequest("the last step must be 100, where the canary is promoted: " + steps);
        }
        Duration interval = interval(asked.interval());
        for (String version : List.of(primary, canary)) {
            if (metrics.sample(version).instances().isEmpty()) {
                throw ReleaseRefusedException.notRunning(version
                        + " has no instance answering on the lab's network: bring its stage up first");
            }
        }
        Release started = releases.start(primary, canary, steps, interval, asked.mismatchBudget());
        return ResponseEntity.accepted().location(URI.create("/release")).body(started);
    }

    @GetMapping
    Release current() {
        return releases.current().orElseThrow(() -> ReleaseRefusedException.noRelease(
                "no release has started yet: POST /release starts one"));
    }

    @PostMapping("/abort")
    Release abort() {
        return releases.abort();
    }

    private static String version(String field, String asked, String fallback) {
        String version = asked != null ? asked : fallback;
        if (!AnalysisProperties.VERSIONS.contains(version)) {
            throw badRequest(field + " must be one of " + AnalysisProperties.VERSIONS + ", not '" + version + "'");
        }
        return version;
    }

    private Duration interval(String asked) {
        if (asked == null) {
            return defaults.interval();
        }
        Duration interval;
        try {
            interval = DurationStyle.detectAndParse(asked);
        }
        catch (IllegalArgumentException notADuration) {
            throw badRequest("interval must be a duration such as 30s or 2m, not '" + asked + "'");
        }
        if (interval.compareTo(Duration.ofSeconds(5)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw badRequest("interval must be between 5s and 1h, not " + asked);
        }
        return interval;
    }

    private static ReleaseRefusedException badRequest(String detail) {
        return ReleaseRefusedException.invalid(detail);
    }
}
