package dev.parallelrun.canary;

import dev.parallelrun.canary.Release.Check;
import dev.parallelrun.canary.Release.Check.Outcome;
import dev.parallelrun.canary.Rollout.Status;
import dev.parallelrun.canary.SwarmServices.SwarmService;
import dev.parallelrun.canary.SwarmServices.SwarmTask;
import dev.parallelrun.canary.VersionSample.Window;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.client.RestClientException;

/**
 * The course's rule for a rolling deployment — if at any time there is a sign of something wrong, application errors
 * or slow responses, the servers go back to the old version — which Swarm's own monitor (a task exits, or fails its
 * healthcheck) cannot see. While Swarm updates a service one task at a time, each tick reads the Engine's word on
 * which running tasks are new (created from the service's spec) and which old, reads both sides' own metrics, and
 * judges the new side with a canary release's checks: its 5xx at every tick, its p99 against the old side's once its
 * first task has served a whole window, and, for the parallel run's two sides, the verdict. A failed check asks Swarm
 * to roll the service back, as {@code docker service rollback} does.
 */
class RolloutWatch {

    private static final Logger log = LoggerFactory.getLogger(RolloutWatch.class);
    private static final int KEPT = 20;

    private final RolloutProperties rollouts;
    private final AnalysisProperties analysis;
    private final SwarmServices swarm;
    private final VersionMetrics metrics;
    private final Checks checks;
    private final TaskInstance instance;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Watch> watches = new HashMap<>();
    private final Map<String, Rollout> history = new LinkedHashMap<>();
    private volatile List<Rollout> latest = List.of();

    /** Where a task's metrics are read: its address on the stack's network, the services' port. */
    @FunctionalInterface
    interface TaskInstance {

        URI of(SwarmTask task);
    }

    /** One update of one service, from the moment the Engine says it began. */
    private static final class Watch {

        final String key;
        final String startedAt;
        Rollout rollout;
        VersionSample oldAtStart;
        VersionSample oldLastSeen;
        VersionSample newJoined = new VersionSample(Map.of());
        Instant firstNewAt;
        Window oldWindow;
        Check latency;
        Outcome verdictAtStart;
        Check lastVerdict;
        Instant lastVerdictAt;

        Watch(String key, String startedAt) {
            this.key = key;
            this.startedAt = startedAt;
        }
    }

    RolloutWatch(RolloutProperties rollouts, AnalysisProperties analysis, SwarmServices swarm, VersionMetrics metrics,
            ParallelRunVerdict verdict, TaskInstance instance, Clock clock, MeterRegistry meters) {
        this.rollouts = rollouts;
        this.analysis = analysis;
        this.swarm = swarm;
        this.metrics = metrics;
        this.checks = new Checks(analysis, verdict, "new version", "old version");
        this.instance = instance;
        this.clock = clock;
        this.meters = meters;
    }

    /** The latest rolling updates, newest first, the one in progress included: as the last tick left them. */
    List<Rollout> rollouts() {
        return latest;
    }

    /** One reading of every watched service; a tick reads the Engine, and GET /rollouts never waits for it. */
    @Scheduled(fixedDelayString = "${rollout.tick:1s}")
    synchronized void tick() {
        for (String name : rollouts.services()) {
            try {
                tick(name);
            }
            catch (RestClientException unreachable) {
                // The Engine did not answer this tick: nothing is decided on what could not be read.
                log.debug("Rolling update of {} not read: {}", name, unreachable.getMessage());
            }
        }
    }

    private void tick(String name) {
        Optional<SwarmService> found = swarm.service(rollouts.stack() + "_" + name);
        Watch watch = watches.get(name);
        if (found.isEmpty()) {
            watches.remove(name);
            return;
        }
        SwarmService service = found.get();
        if (service.updating()) {
            if (watch == null || !watch.startedAt.equals(service.updateStartedAt())) {
                watch = begin(name, service);
            }
            if (watch.rollout.status() == Status.WATCHING) {
                judge(name, watch, service);
            }
            return;
        }
        if (watch != null) {
            if (watch.rollout.status() == Status.WATCHING) {
                end(watch, service);
            }
            watches.remove(name);
        }
    }

    private Watch begin(String name, SwarmService service) {
        Watch watch = new Watch(name + "@" + service.updateStartedAt(), service.updateStartedAt());
        watch.oldAtStart = metrics.sample(name, instances(swarm.runningTasks(service.name()), service, false));
        watch.oldLastSeen = watch.oldAtStart;
        watch.rollout = new Rollout(name, Status.WATCHING, clock.instant(), null,
                "watching the rolling update of " + name + " with the canary's checks", List.of());
        watches.put(name, watch);
        keep(watch);
        log.info("Rolling update of {} began: watching its new tasks", name);
        return watch;
    }

    private void judge(String name, Watch watch, SwarmService service) {
        Instant now = clock.instant();
        List<SwarmTask> tasks = swarm.runningTasks(service.name());
        VersionSample fresh = metrics.sample(name, instances(tasks, service, true));
        VersionSample old = metrics.sample(name, instances(tasks, service, false));
        // A new task counts from its first reading: what it served before (its own warm-up) is not the users'.
        watch.newJoined = watch.newJoined.joinedBy(fresh);
        if (watch.firstNewAt == null && !fresh.instances().isEmpty()) {
            watch.firstNewAt = now;
        }
        Window candidate = fresh.since(watch.newJoined);
        // The old side's tasks stop one by one: what each served stays counted, as last read before it stopped.
        watch.oldLastSeen = watch.oldLastSeen.updatedBy(old);
        Window incumbent = watch.oldLastSeen.since(watch.oldAtStart);
        // The old side's latencies as last read with enough requests: by the time the new side's window is over, a quick
        // update may have stopped every old task.
        if (incumbent.requests() >= analysis.minRequests()) {
            watch.oldWindow = incumbent;
        }
        double elapsed = watch.firstNewAt == null ? 0
                : (double) Duration.between(watch.firstNewAt, now).toMillis() / analysis.interval().toMillis();
        // One window, one look: the new side's 5xx since it joined, read every tick; its latencies once, when its
        // first task has served a whole window (the test, run again on a growing sample every tick, would be looked
        // at more often than its level allows). No split to check: Swarm replaces tasks, it does not weigh them.
        List<Check> read = new ArrayList<>(checks.window(new Checks.Reading(candidate, incumbent, candidate,
                incumbent, watch.oldWindow, null, 1, elapsed, watch.latency, null)));
        if (watch.latency == null) {
            watch.latency = Checks.latencyTested(read);
        }
        if (rollouts.verdictServices().contains(name)) {
            read.add(verdict(watch, now));
        }
        watch.rollout = watch.rollout.withChecks(read);
        Optional<Check> failed = read.stream().filter(Check::failed).findFirst();
        if (failed.isPresent()) {
            String why = "rolled back: " + failed.get().name() + " failed: " + failed.get().detail();
            if (!rollBack(service)) {
                why += " (the other analysis task asked first)";
            }
            watch.rollout = watch.rollout.ended(Status.ROLLED_BACK, now, why);
            count(Status.ROLLED_BACK);
            log.warn("Rolling update of {} {}", name, why);
        }
        keep(watch);
    }

    /**
     * Asks Swarm to roll the service back; false when another analysis task (they judge alike) already had, and the
     * Engine refused this one as out of sequence. Any other refusal is thrown: the watch goes on, and asks again.
     */
    private boolean rollBack(SwarmService service) {
        try {
            swarm.rollBack(service);
            return true;
        }
        catch (RestClientException refused) {
            boolean rollingBack = swarm.service(service.name()).map(now -> now.updateState().startsWith("rollback"))
                    .orElse(false);
            if (!rollingBack) {
                throw refused;
            }
            return false;
        }
    }

    /**
     * Read at most once every verdictInterval, as the batch's own passes found it (a pass of its own each time would
     * add a reconciliation to a machine already starting a new task). A verdict that was not true when the update
     * began is not its doing.
     */
    private Check verdict(Watch watch, Instant now) {
        if (watch.lastVerdict != null
                && Duration.between(watch.lastVerdictAt, now).compareTo(analysis.verdictInterval()) < 0) {
            return watch.lastVerdict;
        }
        Check read = checks.parallelRunAsLastFound();
        if (watch.verdictAtStart == null) {
            watch.verdictAtStart = read.outcome();
        }
        if (read.failed() && watch.verdictAtStart != Outcome.PASSED) {
            read = new Check(read.name(), Outcome.NO_DATA, read.value(), read.threshold(), read.detail()
                    + "; it was not true when the update began, so not this update's doing");
        }
        watch.lastVerdict = read;
        watch.lastVerdictAt = now;
        return read;
    }

    private void end(Watch watch, SwarmService service) {
        Instant now = clock.instant();
        String state = service.updateState();
        List<Check> last = watch.rollout.checks();
        String read = String.join("; ", last.stream().map(check -> check.name() + " " + check.detail()).toList());
        Rollout ended;
        if ("completed".equals(state)) {
            boolean judged = last.stream().anyMatch(check -> check.name().equals("requests")
                    && check.outcome() == Outcome.PASSED);
            ended = judged ? watch.rollout.ended(Status.COMPLETED, now, "updated: no check failed (" + read + ")")
                    : watch.rollout.ended(Status.UNJUDGED, now, "updated by Swarm before the new version had served "
                            + "enough to judge it" + (read.isEmpty() ? "" : " (" + read + ")"));
        }
        else if (state.startsWith("rollback")) {
            ended = watch.rollout.ended(Status.ROLLED_BACK_BY_SWARM, now, "rolled back by Swarm: "
                    + service.updateMessage());
        }
        else {
            ended = watch.rollout.ended(Status.INTERRUPTED, now, "the update is " + state + ": "
                    + service.updateMessage());
        }
        watch.rollout = ended;
        keep(watch);
        count(ended.status());
        log.info("Rolling update of {}: {}", ended.service(), ended.outcome());
    }

    private List<URI> instances(List<SwarmTask> tasks, SwarmService service, boolean fresh) {
        return tasks.stream().filter(task -> task.containerSpec().equals(service.containerSpec()) == fresh)
                .map(instance::of).toList();
    }

    private void keep(Watch watch) {
        history.put(watch.key, watch.rollout);
        while (history.size() > KEPT) {
            history.remove(history.keySet().iterator().next());
        }
        List<Rollout> newestFirst = new ArrayList<>(history.values());
        Collections.reverse(newestFirst);
        latest = List.copyOf(newestFirst);
    }

    private void count(Status outcome) {
        Counter.builder("rollouts").description("Rolling updates watched, by how they ended")
                .tag("outcome", outcome.name().toLowerCase()).register(meters).increment();
    }
}
