package dev.parallelrun.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The experiment's promises, one at a time. */
class ExperimentTests {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<Observation> published = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor candidates = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100));

    @AfterEach
    void stop() {
        candidates.shutdownNow();
    }

    @Test
    void theControlsValueIsWhatTheCallerGetsWhateverTheCandidateSays() {
        Experiment<String> experiment = this.<String>experiment().build();

        assertThat(experiment.run(() -> "control", () -> "candidate")).isEqualTo("control");

        Observation observation = awaitObservations(1).get(0);
        assertThat(observation.outcome()).isEqualTo(Outcome.MISMATCHED);
        assertThat(observation.control().value()).isEqualTo("control");
        assertThat(observation.candidate().value()).isEqualTo("candidate");
    }

    @Test
    void theControlsExceptionIsThrownUnchanged() {
        IllegalStateException thrown = new IllegalStateException("control broke");
        Experiment<String> experiment = this.<String>experiment().build();

        assertThatThrownBy(() -> experiment.run(() -> {
            throw thrown;
        }, () -> "candidate")).isSameAs(thrown);
        assertThat(awaitObservations(1).get(0).control().exception())
                .isEqualTo("java.lang.IllegalStateException: control broke");
    }

    @Test
    void theCandidatesExceptionNeverReachesTheCaller() {
        Experiment<String> experiment = this.<String>experiment().build();

        assertThat(experiment.run(() -> "control", () -> {
            throw new IllegalArgumentException("candidate broke");
        })).isEqualTo("control");

        Observation observation = awaitObservations(1).get(0);
        assertThat(observation.outcome()).isEqualTo(Outcome.CANDIDATE_FAILED);
        assertThat(observation.candidate().exception()).isEqualTo("java.lang.IllegalArgumentException: candidate broke");
        assertThat(count(Outcome.CANDIDATE_FAILED)).isEqualTo(1);
    }

    @Test
    void theCandidateRunsOffTheCallersThread() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Experiment<String> experiment = this.<String>experiment().build();

        experiment.run(() -> "same", () -> {
            ranOn.set(Thread.currentThread());
            return "same";
        });

        assertThat(awaitObservations(1).get(0).outcome()).isEqualTo(Outcome.MATCHED);
        assertThat(ranOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
    }

    @Test
    void aCandidateThatHangsTimesOutAndTheCallerNeverWaits() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Experiment<String> experiment = this.<String>experiment().timeout(Duration.ofSeconds(1)).build();

        long started = System.nanoTime();
        String value = experiment.run(() -> "control", () -> {
            block(never);
            return "late";
        });
        long callerMillis = (System.nanoTime() - started) / 1_000_000;

        // A caller that waited would have waited the whole 1 s: half of it leaves room for a machine busy with other
        // work (a bound of 50 ms failed at 54 ms beside a running lab).
        assertThat(value).isEqualTo("control");
        assertThat(callerMillis).isLessThan(500);
        Observation observation = awaitObservations(1).get(0);
        assertThat(observation.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(observation.candidate().duration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(count(Outcome.TIMED_OUT)).isEqualTo(1);
        never.countDown();
    }

    @Test
    void aFullExecutorSkipsTheCandidateInsteadOfQueueingIt() {
        ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        CountDownLatch release = new CountDownLatch(1);
        Experiment<String> experiment = this.<String>experiment().executor(one).timeout(Duration.ofSeconds(10)).build();

        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            assertThat(experiment.run(() -> "control", () -> {
                block(release);
                return "control";
            })).isEqualTo("control");
            // Queued or refused, never waited for (a wait would last until release, after the loop).
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
        }

        // One running, one queued, three refused at once.
        assertThat(count(Outcome.SKIPPED)).isEqualTo(3);
        assertThat(published).hasSize(3).allMatch(o -> o.outcome() == Outcome.SKIPPED && o.candidate() == null);
        release.countDown();
        awaitObservations(5);
        assertThat(count(Outcome.MATCHED)).isEqualTo(2);
        one.shutdownNow();
    }

    @Test
    void anAsynchronousCandidateHoldsNoExecutorThreadWhileItRuns() {
        ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        List<java.util.concurrent.CompletableFuture<String>> pending = new CopyOnWriteArrayList<>();
        Experiment<String> experiment = this.<String>experiment().executor(one).timeout(Duration.ofSeconds(10)).build();

        for (int i = 0; i < 20; i++) {
            experiment.runWithAsyncCandidate(() -> "control", () -> {
                java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
                pending.add(answer);
                return answer;
            }, Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> one.getActiveCount() == 0 && one.getQueue().isEmpty());
        }
        // Twenty candidates in flight on a one-thread executor: answered all at once, later.
        assertThat(pending).hasSize(20);
        pending.forEach(answer -> answer.complete("control"));

        awaitObservations(20);
        assertThat(count(Outcome.MATCHED)).isEqualTo(20);
        assertThat(count(Outcome.SKIPPED)).isZero();
        one.shutdownNow();
    }

    @Test
    void anAsynchronousCandidateRefusedByItsOwnQueueIsSkipped() {
        Experiment<String> experiment = this.<String>experiment().build();

        experiment.runWithAsyncCandidate(() -> "control", () -> java.util.concurrent.CompletableFuture.failedFuture(
                new java.util.concurrent.RejectedExecutionException("queue full")), Map.of());

        assertThat(awaitObservations(1).get(0).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(count(Outcome.SKIPPED)).isEqualTo(1);
    }

    @Test
    void aSamplingPercentageRunsThatShareOfCandidates() {
        Experiment<Integer> experiment = this.<Integer>experiment().executor(Runnable::run).percent(30).build();

        for (int i = 0; i < 20_000; i++) {
            experiment.run(() -> 1, () -> 1);
        }

        // 20,000 draws at 30 %: 6,000 expected, outside 5,700..6,300 about once in 10^11 runs.
        assertThat(count(Outcome.MATCHED)).isBetween(5_700.0, 6_300.0);
        assertThat(meters.get("experiment.not.run").counter().count() + count(Outcome.MATCHED)).isEqualTo(20_000);
    }

    @Test
    void aRunIfPredicateThatSaysNoRunsTheControlOnly() {
        AtomicInteger candidateRuns = new AtomicInteger();
        Experiment<String> experiment = this.<String>experiment().runIf(() -> false).build();

        assertThat(experiment.run(() -> "control", () -> {
            candidateRuns.incrementAndGet();
            return "candidate";
        })).isEqualTo("control");

        assertThat(candidateRuns).hasValue(0);
        assertThat(published).isEmpty();
        assertThat(meters.get("experiment.not.run").counter().count()).isEqualTo(1);
    }

    @Test
    void aComparatorDecidesWhatIsTheSameAndIgnoreRulesExcuseADifference() {
        Experiment<String> experiment = this.<String>experiment().compare(String::equalsIgnoreCase)
                .ignore((control, candidate) -> candidate.endsWith(" ")).build();

        experiment.run(() -> "Payroll 1", () -> "PAYROLL 1");
        experiment.run(() -> "Payroll 2", () -> "Payroll 2 ");
        experiment.run(() -> "Payroll 3", () -> "Payroll three");

        awaitObservations(3);
        assertThat(count(Outcome.MATCHED)).isEqualTo(1);
        assertThat(count(Outcome.IGNORED)).isEqualTo(1);
        assertThat(count(Outcome.MISMATCHED)).isEqualTo(1);
    }

    @Test
    void theObservationCarriesCleanedValuesBothDurationsAndTheContext() {
        Experiment<List<String>> experiment = this.<List<String>>experiment().clean(list -> String.join("|", list))
                .context("mode", "experiment").build();

        experiment.run(() -> List.of("a", "b"), () -> List.of("a", "c"), Map.of("payrollId", 42L));

        Observation observation = awaitObservations(1).get(0);
        assertThat(observation.experiment()).isEqualTo("notify");
        assertThat(observation.control().value()).isEqualTo("a|b");
        assertThat(observation.candidate().value()).isEqualTo("a|c");
        assertThat(observation.control().duration()).isPositive();
        assertThat(observation.candidate().duration()).isPositive();
        assertThat(observation.context()).containsExactly(Map.entry("mode", "experiment"), Map.entry("payrollId", 42L));
    }

    @Test
    void countsAddUpOverCallsAndThreads() throws InterruptedException {
        ThreadPoolExecutor big = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000));
        Experiment<Integer> shared = this.<Integer>experiment().executor(big).timeout(Duration.ofSeconds(10))
                .build();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        for (int thread = 0; thread < 8; thread++) {
            callers.execute(() -> {
                for (int i = 0; i < 500; i++) {
                    int n = i;
                    shared.run(() -> n, () -> n % 10 == 0 ? -1 : n);
                }
            });
        }
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        awaitObservations(4_000);
        assertThat(count(Outcome.MATCHED)).isEqualTo(3_600);
        assertThat(count(Outcome.MISMATCHED)).isEqualTo(400);
        assertThat(meters.get("experiment.duration").tag("path", "candidate").timer().count()).isEqualTo(4_000);
        assertThat(meters.get("experiment.duration").tag("path", "control").timer().count()).isEqualTo(4_000);
        assertThat(shared.name()).isEqualTo("notify");
        big.shutdownNow();
    }

    @Test
    void aPublisherThatThrowsChangesNothingForTheCaller() {
        Experiment<String> experiment = Experiment.<String>named("notify").meters(meters).executor(candidates)
                .publish(observation -> {
                    throw new IllegalStateException("database down");
                }).build();

        assertThat(experiment.run(() -> "control", () -> "control")).isEqualTo("control");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(Outcome.MATCHED) == 1);
    }

    @Test
    void aBadSettingIsRefusedWhenTheExperimentIsBuilt() {
        assertThatThrownBy(() -> Experiment.named(" ")).hasMessage("an experiment needs a name");
        assertThatThrownBy(() -> this.<String>experiment().percent(101)).hasMessage("percent must be 0 to 100, not 101");
        assertThatThrownBy(() -> this.<String>experiment().timeout(Duration.ZERO)).hasMessage("a timeout must be positive");
        assertThatThrownBy(() -> Experiment.named("x").meters(meters).build())
                .hasMessage("an experiment needs an executor for its candidate");
    }

    /** The same settings for every test. */
    private <T> Experiment.Builder<T> experiment() {
        return Experiment.<T>named("notify").meters(meters).executor(candidates).publish(published::add);
    }

    private List<Observation> awaitObservations(int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() >= n);
        return published;
    }

    private double count(Outcome outcome) {
        return meters.get("experiment.observations").tag("outcome", outcome.tag()).counter().count();
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
