package dev.parallelrun.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Rounds go on until one leaves the JIT compiler next to nothing to do, within a number of rounds and a time; every
 * run of a task has an iteration of its own across the rounds, and the tasks finish once, after the last.
 */
class WarmUpRoundsTests {

    private final Set<Integer> iterations = ConcurrentHashMap.newKeySet();
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger finishedAfter = new AtomicInteger(-1);

    private final WarmUpTask task = new WarmUpTask() {
        @Override
        public void run(int iteration) {
            iterations.add(iteration);
            runs.incrementAndGet();
        }

        @Override
        public void finish() {
            finishedAfter.set(runs.get());
        }
    };

    @Test
    void roundsGoOnUntilOneCompilesNextToNothing() throws Exception {
        // compilation time read before and after each round: 1,000 ms, then 300 ms, then 10 ms
        warmUp(8, Duration.ofMinutes(1), readings(0, 1_000, 1_000, 1_300, 1_300, 1_310)).run(null);

        assertThat(runs).hasValue(3 * 5);
        assertThat(iterations).hasSize(15).as("no two runs share an iteration (an idempotency key of their own)");
        assertThat(finishedAfter).hasValue(15);
    }

    @Test
    void aJvmThatKeepsCompilingIsReadyAfterTheRoundsAllowed() throws Exception {
        LongSupplier alwaysCompiling = new AtomicInteger()::getAndIncrement;

        warmUp(3, Duration.ofMinutes(1), () -> alwaysCompiling.getAsLong() * 1_000).run(null);

        assertThat(runs).hasValue(3 * 5);
        assertThat(finishedAfter).hasValue(15);
    }

    @Test
    void noRoundStartsAfterTheTimeLimit() throws Exception {
        LongSupplier alwaysCompiling = new AtomicInteger()::getAndIncrement;

        warmUp(8, Duration.ZERO, () -> alwaysCompiling.getAsLong() * 1_000).run(null);

        assertThat(runs).as("one round, however long it compiled").hasValue(5);
    }

    @Test
    void aJvmThatDoesNotTellItsCompilationTimeGetsOneRound() throws Exception {
        warmUp(8, Duration.ofMinutes(1), () -> -1).run(null);

        assertThat(runs).hasValue(5);
        assertThat(finishedAfter).hasValue(5);
    }

    private WarmUp warmUp(int maxRounds, Duration timeLimit, LongSupplier compilation) {
        WarmUpProperties properties = new WarmUpProperties(true, 5, maxRounds, timeLimit, Duration.ofMillis(50), 2,
                List.of());
        MockEnvironment environment = new MockEnvironment().withProperty("local.server.port", "1");
        return new WarmUp(properties, environment, List.of(task), compilation);
    }

    private static LongSupplier readings(long... millis) {
        PrimitiveIterator.OfLong next = LongStream.of(millis).iterator();
        return next::nextLong;
    }
}
