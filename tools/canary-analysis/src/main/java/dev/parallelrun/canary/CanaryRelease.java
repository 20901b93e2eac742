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
import java.util.OptionalLong;
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
    /** How far into a window its users are counted from: past the second the proxy took to follow the new route. */
    static final Duration ROUTE_SETTLED = Duration.ofSeconds(2);

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
    private VersionSample primaryAtRelease;
    private VersionSample canaryAtRelease;
    private Window busiestPrimary;
    private Instant gatheringSince;
    private Check latencyAtLastStep;
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
        Optional<ReleaseStore.Kept> kept = store.load();
        this.release = kept.map(ReleaseStore.Kept::release).orElse(null);
        this.primaryAtRelease = kept.map(ReleaseStore.Kept::primaryAtRelease).orElse(null);
        this.canaryAtRelease = kept.map(ReleaseStore.Kept::canaryAtRelease).orElse(null);
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
        return start(primary, canary, steps, interval, null);
    }

    synchronized Release start(String primary, String canary, List<Integer> steps, Duration interval,
            Double mismatchBudget) {
        if (release != null && release.progressing()) {
            throw new ReleaseConflictException("a release of " + release.canary() + " is in progress (step "
                    + (release.step() + 1) + " of " + release.steps().size() + ", " + release.weight()
                    + " %): let it finish, or abort it with POST /release/abort");
        }
        Instant now = clock.instant();
        release = new Release(UUID.randomUUID().toString(), primary, canary, List.copyOf(steps), interval, mismatchBudget,
                Status.PROGRESSING, 0, steps.get(0), 0, now, null, null, List.of(), List.of())
                .logged(now, "release of " + canary + " against " + primary + " started: steps " + steps + " % every "
                        + interval.toSeconds() + " s");
        moveTo(release.weight());
        newWindow();
        evidenceFromNow();
        busiestPrimary = null;
        save();
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
            boolean evidenceKept = primaryAtRelease != null && canaryAtRelease != null;
            release = release.logged(now, "the analysis restarted: step " + (release.step() + 1) + " resumes at "
                    + release.weight() + " %, its window from the start" + (evidenceKept
                            ? ", the errors still judged on everything served since the release began"
                            : ", the errors judged from now"));
            newWindow();
            if (!evidenceKept) {
                evidenceFromNow();
            }
            save();
            log.info("Canary release of {} resumed at {} %", release.canary(), release.weight());
            return;
        }
        String expected = route.line(release.primary(), release.canary(), release.weight());
        String found = route.read().orElse("(none)");
        if (!found.equals(expected)) {
            release = release.finished(Status.ABORTED, release.weight(), now, "payment.service's route was changed "
                    + "by someone else ('" + found + "' instead of '" + expected + "'): the analysis stopped and "
                    + "left it as it is");
            save();
            count("aborted");
            return;
        }
        double elapsed = (double) Duration.between(windowStart, now).toMillis() / release.interval().toMillis();
        List<Check> checks = read(now, elapsed);
        release = release.withChecks(checks);
        Optional<Check> failed = checks.stream().filter(Check::failed).findFirst();
        if (failed.isPresent() && failed.get().name().equals(Checks.SAMPLE_RATIO)) {
            rollBack(Status.BROKEN_SPLIT, "stopped, rolled back to 0 %: the split is broken, so nothing the two "
                    + "versions served can be compared (the canary was not judged): " + failed.get().detail());
            return;
        }
        if (failed.isPresent()) {
            rollBack(Status.ROLLED_BACK, "rolled back to 0 %: " + failed.get().name() + " failed: "
                    + failed.get().detail());
            return;
        }
        if (elapsed < 1) {
            save();
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
            save();
            return;
        }
        String read = String.join("; ", checks.stream().map(check -> check.name() + " " + check.detail()).toList());
        if (release.lastStep()) {
            Optional<Check> undecided = checks.stream().filter(Check::pending).findFirst();
            if (undecided.isPresent()) {
                if (holdForEvidence(now, undecided.get())) {
                    save();
                }
                return;
            }
            String held = "every check held over the window at " + release.weight() + " % (" + read + ")";
            release = release.finished(Status.PROMOTED, release.weight(), now, "promoted: " + held);
            save();
            count("promoted");
            log.info("Canary release of {} promoted", release.canary());
            return;
        }
        release = release.nextStep(now, "no check failed over " + release.interval().toSeconds() + " s at "
                + release.weight() + " % (" + read + "): weight -> " + release.steps().get(release.step() + 1) + " %");
        moveTo(release.weight());
        newWindow();
        save();
        log.info("Canary release of {}: step {} at {} %", release.canary(), release.step() + 1, release.weight());
    }

    /**
     * At the last step, a window over with a check still undecided (the errors: promotion needs the data to rule out
     * an excess above the budget) holds the release at 100 % while evidence gathers, for at most maxEvidenceWait; the
     * latency test already run on the window stands meanwhile (run again on a growing window, it would be looked at
     * more often than its level allows). False when the wait is over and the release was rolled back.
     */
    private boolean holdForEvidence(Instant now, Check undecided) {
        if (gatheringSince == null) {
            gatheringSince = now;
            latencyAtLastStep = Checks.latencyTested(release.checks());
            release = release.logged(now, "no check failed over " + release.interval().toSeconds() + " s at "
                    + release.weight() + " %, but " + undecided.name() + " not decided yet (" + undecided.detail()
                    + "): holding at " + release.weight() + " % while evidence gathers, for at most "
                    + properties.maxEvidenceWait().toSeconds() + " s");
            return true;
        }
        if (Duration.between(gatheringSince, now).compareTo(properties.maxEvidenceWait()) >= 0) {
            rollBack(Status.ROLLED_BACK, "rolled back to 0 %: " + undecided.name() + " still not decided after "
                    + properties.maxEvidenceWait().toSeconds() + " s more at " + release.weight() + " % ("
                    + undecided.detail() + "): no evidence is never a promotion");
            return false;
        }
        return true;
    }

    /**
     * The window's checks so far. The canary's latencies are compared with the primary's in the same window, under
     * the same load; when the primary serves too little to compare (the canary has every user, at 100 %), with the
     * primary's in the window where it served the most, the nearest to a whole load. The errors are judged on
     * everything each side served since the release began.
     */
    private List<Check> read(Instant now, double elapsed) {
        // In the order newWindow() reads them, so that each side's window lasts as long as the other's.
        VersionSample primaryNow = metrics.sample(release.primary());
        VersionSample canaryNow = metrics.sample(release.canary());
        Window canary = canaryNow.since(canaryAtStart);
        Window primary = primaryNow.since(primaryAtStart);
        if (primary.requests() >= properties.minRequests()
                && (busiestPrimary == null || primary.requests() >= busiestPrimary.requests())) {
            busiestPrimary = primary;
        }
        Window latencyReference = primary.requests() >= properties.minRequests() ? primary : busiestPrimary;
        Checks.Reading reading = new Checks.Reading(canary, primary, canaryNow.since(canaryAtRelease),
                primaryNow.since(primaryAtRelease), latencyReference, release.weight(), release.steps().size(),
                elapsed, latencyAtLastStep, elapsed >= 1 ? users() : null);
        List<Check> read = new ArrayList<>(checks.window(reading));
        if (release.canary().equals(properties.parallelRun())) {
            read.add(parallelRunVerdict(now));
        }
        return read;
    }

    /**
     * Each side's distinct users over the window, read once it is over (the split is judged then) and only where there
     * is a split: {@code null} when a side's instances do not all count them. Counted from {@link #ROUTE_SETTLED} into
     * the window (a quarter of a shorter one): the instances keep their users by the second, and the proxy follows a
     * new route within one, so the window's first seconds hold users on the side the last weight gave them, who
     * would count on both sides.
     */
    private Checks.Users users() {
        if (release.weight() <= 0 || release.weight() >= 100) {
            return null;
        }
        Duration quarter = release.interval().dividedBy(4);
        Instant since = windowStart.plus(quarter.compareTo(ROUTE_SETTLED) < 0 ? quarter : ROUTE_SETTLED);
        OptionalLong canaryUsers = metrics.users(release.canary(), since);
        OptionalLong primaryUsers = canaryUsers.isPresent() ? metrics.users(release.primary(), since)
                : OptionalLong.empty();
        return primaryUsers.isPresent() ? new Checks.Users(canaryUsers.getAsLong(), primaryUsers.getAsLong()) : null;
    }

    /** Asked at most once every verdictInterval: each asking runs a reconciliation pass. */
    private Check parallelRunVerdict(Instant now) {
        if (lastVerdict != null && lastVerdictAt != null
                && Duration.between(lastVerdictAt, now).compareTo(properties.verdictInterval()) < 0) {
            return lastVerdict;
        }
        lastVerdictAt = now;
        lastVerdict = checks.parallelRun(release.mismatchBudget());
        return lastVerdict;
    }

    private Release rollBack(Status end, String why) {
        Instant now = clock.instant();
        moveTo(0);
        release = release.finished(end, 0, now, why);
        save();
        count(switch (end) {
            case ABORTED -> "aborted";
            case BROKEN_SPLIT -> "broken_split";
            default -> "rolled_back";
        });
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
        gatheringSince = null;
        latencyAtLastStep = null;
    }

    /** The errors' evidence counts from the window just opened: the release's start, or where a restart resumed it. */
    private void evidenceFromNow() {
        primaryAtRelease = primaryAtStart;
        canaryAtRelease = canaryAtStart;
    }

    private void save() {
        store.save(new ReleaseStore.Kept(release, primaryAtRelease == null ? null : primaryAtRelease.counts(),
                canaryAtRelease == null ? null : canaryAtRelease.counts()));
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
