package dev.parallelrun.canary;

import dev.parallelrun.canary.Release.Check;
import dev.parallelrun.canary.Release.Check.Outcome;
import dev.parallelrun.canary.Release.Status;
import dev.parallelrun.canary.VersionSample.Window;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The release in progress, one step at a time, Flagger's way outside Kubernetes: each step's window is read every
 * tick; a check that fails rolls the canary back to 0 at once; a window that ends with every check holding moves to
 * the next weight, and the last (100) promotes; a window without enough data holds the step, and too many in a row
 * fail the release. Every change is written to the state file before anything else happens, and the route is only
 * ever the release's: the current step's weight, 0 after a rollback, 100 after promotion.
 */
class CanaryRelease {

    private static final Logger log = LoggerFactory.getLogger(CanaryRelease.class);

    private final AnalysisProperties properties;
    private final VersionMetrics metrics;
    private final Checks checks;
    private final RouteFile route;
    private final ReleaseStore store;
    private final Clock clock;
    private final MeterRegistry meters;

    private Release release;
    private Instant windowStart;
    private VersionSample primaryAtStart;
    private VersionSample canaryAtStart;
    private long busiestPrimaryRequests;
    private Double busiestPrimaryP99;
    private Check lastVerdict;
    private Instant lastVerdictAt;

    CanaryRelease(AnalysisProperties properties, VersionMetrics metrics, ParallelRunVerdict verdict, RouteFile route,
            ReleaseStore store, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.metrics = metrics;
        this.checks = new Checks(properties, verdict, "canary", "primary");
        this.route = route;
        this.store = store;
        this.clock = clock;
        this.meters = meters;
        this.release = store.load().orElse(null);
        Gauge.builder("canary.weight", this, CanaryRelease::weight)
                .description("The canary's weight now: the share of payment.service's users it serves, in %")
                .register(meters);
        Gauge.builder("canary.step", this, release -> release.current().filter(Release::progressing)
                .map(now -> now.step() + 1).orElse(0)).description("The step in progress, from 1; 0 when none is")
                .register(meters);
        Gauge.builder("canary.progressing", this, release -> release.current().filter(Release::progressing)
                .isPresent() ? 1 : 0).description("1 while a release is in progress").register(meters);
    }

    synchronized Optional<Release> current() {
        return Optional.ofNullable(release);
    }

    synchronized Release start(String primary, String canary, List<Integer> steps, Duration interval) {
        if (release != null && release.progressing()) {
            throw new ReleaseConflictException("a release of " + release.canary() + " is in progress (step "
                    + (release.step() + 1) + " of " + release.steps().size() + ", " + release.weight()
                    + " %): let it finish, or abort it with POST /release/abort");
        }
        Instant now = clock.instant();
        release = new Release(UUID.randomUUID().toString(), primary, canary, List.copyOf(steps), interval,
                Status.PROGRESSING, 0, steps.get(0), 0, now, null, null, List.of(), List.of())
                .logged(now, "release of " + canary + " against " + primary + " started: steps " + steps + " % every "
                        + interval.toSeconds() + " s");
        moveTo(release.weight());
        newWindow();
        busiestPrimaryRequests = 0;
        busiestPrimaryP99 = null;
        store.save(release);
        log.info("Canary release of {} started: {} % of payment.service's users", canary, release.weight());
        return release;
    }

    synchronized Release abort() {
        if (release == null || !release.progressing()) {
            throw new ReleaseConflictException("no release is in progress");
        }
        return rollBack(Status.ABORTED, "aborted by hand: rolled back to 0 %");
    }

    /** One reading of the current window; what to do follows from it. */
    @Scheduled(fixedDelayString = "${analysis.tick:1s}")
    synchronized void tick() {
        if (release == null || !release.progressing()) {
            return;
        }
        Instant now = clock.instant();
        if (windowStart == null) {
            // A release kept from before this process started (start() always opens a window): the route goes back to
            // its step's weight, whatever the restart left it at, and the step's window starts again.
            moveTo(release.weight());
            release = release.logged(now, "the analysis restarted: step " + (release.step() + 1) + " resumes at "
                    + release.weight() + " %, its window from the start");
            newWindow();
            store.save(release);
            log.info("Canary release of {} resumed at {} %", release.canary(), release.weight());
            return;
        }
        String expected = route.line(release.primary(), release.canary(), release.weight());
        String found = route.read().orElse("(none)");
        if (!found.equals(expected)) {
            release = release.finished(Status.ABORTED, release.weight(), now, "payment.service's route was changed "
                    + "by someone else ('" + found + "' instead of '" + expected + "'): the analysis stopped and "
                    + "left it as it is");
            store.save(release);
            count("aborted");
            return;
        }
        boolean windowOver = Duration.between(windowStart, now).compareTo(release.interval()) >= 0;
        List<Check> checks = read(now, windowOver);
        release = release.withChecks(checks);
        Optional<Check> failed = checks.stream().filter(Check::failed).findFirst();
        if (failed.isPresent()) {
            rollBack(Status.ROLLED_BACK, "rolled back to 0 %: " + failed.get().name() + " failed: "
                    + failed.get().detail());
            return;
        }
        if (!windowOver) {
            store.save(release);
            return;
        }
        endWindow(now, checks);
    }

    private void endWindow(Instant now, List<Check> checks) {
        List<Check> missing = checks.stream().filter(Check::noData).toList();
        if (!missing.isEmpty()) {
            int empty = release.emptyWindows() + 1;
            String why = String.join("; ", missing.stream().map(check -> check.name() + ": " + check.detail()).toList());
            if (empty >= properties.maxEmptyWindows()) {
                rollBack(Status.ROLLED_BACK, "rolled back to 0 %: no data to decide on for " + empty
                        + " windows in a row (" + why + ")");
                return;
            }
            release = release.withEmptyWindows(empty).logged(now, "step " + (release.step() + 1) + " holds at "
                    + release.weight() + " %: " + why + " (window " + empty + " of " + properties.maxEmptyWindows()
                    + " without data)");
            newWindow();
            store.save(release);
            return;
        }
        String held = "every check held over " + release.interval().toSeconds() + " s at " + release.weight() + " % ("
                + String.join("; ", checks.stream().map(check -> check.name() + " " + check.detail()).toList()) + ")";
        if (release.lastStep()) {
            release = release.finished(Status.PROMOTED, release.weight(), now, "promoted: " + held);
            store.save(release);
            count("promoted");
            log.info("Canary release of {} promoted", release.canary());
            return;
        }
        release = release.nextStep(now, held + ": weight -> " + release.steps().get(release.step() + 1) + " %");
        moveTo(release.weight());
        newWindow();
        store.save(release);
        log.info("Canary release of {}: step {} at {} %", release.canary(), release.step() + 1, release.weight());
    }

    /**
     * The window's checks so far. The canary's p99 is compared with the primary's in the same window, under the same
     * load; when the primary serves too little to compare (the canary has every user, at 100 %), with the primary's
     * p99 in the window where it served the most, the nearest to a whole load.
     */
    private List<Check> read(Instant now, boolean windowOver) {
        Window canary = metrics.sample(release.canary()).since(canaryAtStart);
        Window primary = metrics.sample(release.primary()).since(primaryAtStart);
        Double primaryP99 = busiestPrimaryP99;
        if (primary.requests() >= properties.minRequests()) {
            primaryP99 = primary.quantile(0.99);
            if (primary.requests() >= busiestPrimaryRequests) {
                busiestPrimaryRequests = primary.requests();
                busiestPrimaryP99 = primaryP99;
            }
        }
        List<Check> read = new ArrayList<>(checks.window(canary, primaryP99, windowOver));
        if (release.canary().equals(properties.parallelRun())) {
            read.add(parallelRunVerdict(now));
        }
        return read;
    }

    /** Asked at most once every verdictInterval: each asking runs a reconciliation pass. */
    private Check parallelRunVerdict(Instant now) {
        if (lastVerdict != null && lastVerdictAt != null
                && Duration.between(lastVerdictAt, now).compareTo(properties.verdictInterval()) < 0) {
            return lastVerdict;
        }
        lastVerdictAt = now;
        lastVerdict = checks.parallelRun();
        return lastVerdict;
    }

    private Release rollBack(Status end, String why) {
        Instant now = clock.instant();
        moveTo(0);
        release = release.finished(end, 0, now, why);
        store.save(release);
        count(end == Status.ABORTED ? "aborted" : "rolled_back");
        log.warn("Canary release of {}: {}", release.canary(), why);
        return release;
    }

    private void moveTo(int weight) {
        route.write(release.primary(), release.canary(), weight);
    }

    private void newWindow() {
        windowStart = clock.instant();
        primaryAtStart = metrics.sample(release.primary());
        canaryAtStart = metrics.sample(release.canary());
        lastVerdict = null;
    }

    private void count(String outcome) {
        Counter.builder("canary.releases").description("Canary releases finished, by outcome").tag("outcome", outcome)
                .register(meters).increment();
    }

    private double weight() {
        Release now = release;
        return now == null ? 0 : now.weight();
    }
}
