package dev.parallelrun.monolith.experiment;

import dev.parallelrun.evidence.MismatchRate;
import dev.parallelrun.experiment.Outcome;
import dev.parallelrun.monolith.experiment.ExperimentStore.StoredObservation;
import dev.parallelrun.web.text.NotBlankText;
import dev.parallelrun.web.text.PlainText;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The course's answer, kept and made honest: {@code GET /experiment/notify} is {@code true} only when at least one
 * call was compared and no mismatch, candidate failure or timeout is open (unacknowledged), and it logs the course's
 * line. The report gives the totals, both sides' latency and the observations that did not match, newest first.
 */
@RestController
@ConditionalOnProperty(name = "notification.mode", havingValue = "experiment")
@RequestMapping(path = "/experiment/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
class ExperimentController {

    record Acknowledgement(@NotBlankText @PlainText @Size(max = 100) String by,
            @NotBlankText @PlainText @Size(max = 500) String reason) {
    }

    record Latency(long count, double p50Ms, double p99Ms) {
    }

    record Page(List<StoredObservation> content, int number, int size, long totalElements) {
    }

    /** @param mismatchRate open mismatches among the notifications compared, with the rate's upper bound */
    record Report(String experiment, boolean consistent, String summary, MismatchRate mismatchRate,
            Map<Outcome, Long> totals, Map<Outcome, Long> open, Map<String, Latency> latency, Page observations) {
    }

    private static final Logger log = LoggerFactory.getLogger(ExperimentController.class);

    private final ExperimentStore store;
    private final MeterRegistry meters;

    ExperimentController(ExperimentStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    @GetMapping
    boolean verdict(@PathVariable String name) {
        known(name);
        Map<Outcome, Long> open = store.open();
        log.info("The ScientistExperiment result with compare oldCode/newCode is {} mismatch",
                open.get(Outcome.MISMATCHED));
        return consistent(store.totals(), open);
    }

    @GetMapping("/report")
    Report report(@PathVariable String name, @RequestParam(defaultValue = "0") @Min(0) @Max(10_000_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        known(name);
        Map<Outcome, Long> totals = store.totals();
        Map<Outcome, Long> open = store.open();
        boolean consistent = consistent(totals, open);
        long compared = compared(totals);
        String summary = compared == 0 ? "nothing compared yet"
                : consistent ? "consistent: " + compared + " notifications compared, none open"
                : open.values().stream().mapToLong(Long::longValue).sum() + " open (" + open.get(Outcome.MISMATCHED)
                        + " mismatched, " + open.get(Outcome.CANDIDATE_FAILED) + " candidate failed, "
                        + open.get(Outcome.TIMED_OUT) + " timed out); " + compared + " notifications compared";
        return new Report(NotifyExperiment.NAME, consistent, summary,
                MismatchRate.of(compared, open.get(Outcome.MISMATCHED)), totals, open,
                Map.of("control", latency("control"), "candidate", latency("candidate")),
                new Page(store.observations(page, size), page, size, store.count()));
    }

    @PostMapping(path = "/observations/{id}/acknowledgement", consumes = MediaType.APPLICATION_JSON_VALUE)
    StoredObservation acknowledge(@PathVariable String name, @PathVariable long id,
            @RequestBody @Valid Acknowledgement acknowledgement) {
        known(name);
        return store.acknowledge(id, acknowledgement.by(), acknowledgement.reason()).orElseThrow(
                () -> new NotFoundException("No observation " + id + " of " + name));
    }

    private static void known(String name) {
        if (!NotifyExperiment.NAME.equals(name)) {
            throw new NotFoundException("No experiment named '" + name
                    + "': this monolith runs '" + NotifyExperiment.NAME + "'");
        }
    }

    private static long compared(Map<Outcome, Long> totals) {
        return totals.get(Outcome.MATCHED) + totals.get(Outcome.MISMATCHED) + totals.get(Outcome.IGNORED);
    }

    private static boolean consistent(Map<Outcome, Long> totals, Map<Outcome, Long> open) {
        return compared(totals) > 0 && open.values().stream().allMatch(n -> n == 0);
    }

    /** This instance's, over the last minutes (Micrometer's decaying percentiles). */
    private Latency latency(String path) {
        Timer timer = meters.find("experiment.duration").tag("experiment", NotifyExperiment.NAME).tag("path", path)
                .timer();
        if (timer == null) {
            return new Latency(0, 0, 0);
        }
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            if (value.percentile() == 0.5) {
                p50 = value.value(TimeUnit.MILLISECONDS);
            }
            else if (value.percentile() == 0.99) {
                p99 = value.value(TimeUnit.MILLISECONDS);
            }
        }
        return new Latency(timer.count(), p50, p99);
    }
}
