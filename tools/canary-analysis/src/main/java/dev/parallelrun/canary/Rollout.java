package dev.parallelrun.canary;

import dev.parallelrun.canary.Release.Check;
import java.time.Instant;
import java.util.List;

/**
 * A rolling update as the analysis watched it: the service, how it ended (or that it is still being watched), when,
 * why, and the checks as last read.
 */
record Rollout(String service, Status status, Instant startedAt, Instant endedAt, String outcome, List<Check> checks) {

    enum Status {
        /** The update is in progress, its new tasks judged every tick. */
        WATCHING,
        /** Swarm finished the update and every check held. */
        COMPLETED,
        /** Swarm finished the update before the new tasks had served enough to judge them: not a pass. */
        UNJUDGED,
        /** A check failed: the analysis asked Swarm to roll the service back. */
        ROLLED_BACK,
        /** Swarm rolled it back on its own (a task failed its health), or someone else did. */
        ROLLED_BACK_BY_SWARM,
        /** The update stopped otherwise (paused: Swarm waits for an operator). */
        INTERRUPTED
    }

    Rollout withChecks(List<Check> read) {
        return new Rollout(service, status, startedAt, endedAt, outcome, List.copyOf(read));
    }

    Rollout ended(Status end, Instant at, String why) {
        return new Rollout(service, end, startedAt, at, why, checks);
    }
}
