package dev.parallelrun.experiment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A real-time experiment, GitHub Scientist's model: the control (the code in use) runs on the caller's thread and its
 * value, or its exception, is what the caller gets, unchanged, always; the candidate (the code that would replace it)
 * runs on a bounded executor shared by every experiment, with a timeout, and nothing it does (an exception, a hang, a
 * full executor) reaches the caller. The two are compared when the candidate answers, and each call ends as one
 * {@link Observation}: counted, timed and handed to the publisher.
 *
 * <p>Build one experiment per name and reuse it for every call: its meters are the experiment's, not the call's, so
 * they add up across calls and threads. Meters: {@code experiment.duration{experiment, path=control|candidate}} (with
 * p50 and p99) and {@code experiment.observations{experiment, outcome}}; calls left out by sampling or the run-if
 * predicate count in {@code experiment.not.run{experiment}}.
 *
 * @param <T> what both sides return
 */
public final class Experiment<T> {

    private static final System.Logger log = System.getLogger(Experiment.class.getName());

    private final String name;
    private final Executor executor;
    private final Duration timeout;
    private final BiPredicate<? super T, ? super T> comparator;
    private final List<BiPredicate<? super T, ? super T>> ignores;
    private final Function<? super T, ?> clean;
    private final Map<String, Object> context;
    private final int percent;
    private final BooleanSupplier runIf;
    private final Consumer<Observation> publisher;
    private final Timer controlTimer;
    private final Timer candidateTimer;
    private final Counter notRun;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    private Experiment(Builder<T> builder) {
        this.name = builder.name;
        this.executor = Objects.requireNonNull(builder.executor, "an experiment needs an executor for its candidate");
        this.timeout = builder.timeout;
        this.comparator = builder.comparator;
        this.ignores = List.copyOf(builder.ignores);
        this.clean = builder.clean;
        this.context = Map.copyOf(builder.context);
        this.percent = builder.percent;
        this.runIf = builder.runIf;
        this.publisher = builder.publisher;
        MeterRegistry meters = Objects.requireNonNull(builder.meters, "an experiment needs a meter registry");
        this.controlTimer = timer(meters, "control");
        this.candidateTimer = timer(meters, "candidate");
        this.notRun = Counter.builder("experiment.not.run").tag("experiment", name)
                .description("Calls that ran the control only: sampled out, or the run-if predicate said no")
                .register(meters);
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("experiment.observations").tag("experiment", name)
                    .tag("outcome", outcome.tag()).description("Finished calls of the experiment, by outcome")
                    .register(meters));
        }
    }

    public static <T> Builder<T> named(String name) {
        return new Builder<>(name);
    }

    public String name() {
        return name;
    }

    public T run(Supplier<T> control, Supplier<T> candidate) {
        return run(control, candidate, Map.of());
    }

    /**
     * Runs the control here and returns its value, or throws its exception; runs the candidate elsewhere, when this
     * call is sampled and the run-if predicate agrees. {@code callContext} joins the experiment's own context in the
     * observation (a payroll id, say).
     */
    public T run(Supplier<T> control, Supplier<T> candidate, Map<String, ?> callContext) {
        return runWithAsyncCandidate(control, () -> CompletableFuture.completedFuture(candidate.get()), callContext);
    }

    /**
     * As {@link #run(Supplier, Supplier, Map)}, for a candidate that answers later: the supplier, called on the
     * experiment's executor, only starts the work (hands it to a batch, say) and returns at once, so the executor's
     * threads are not held while it runs. The timeout counts from the hand-over; a stage that fails with a
     * {@link RejectedExecutionException} (the candidate's own queue is full) is {@link Outcome#SKIPPED}.
     */
    public T runWithAsyncCandidate(Supplier<T> control, Supplier<? extends CompletionStage<T>> candidate,
            Map<String, ?> callContext) {
        if (!enabled()) {
            notRun.increment();
            return control.get();
        }
        Map<String, Object> observed = new LinkedHashMap<>(context);
        observed.putAll(callContext);
        long started = System.nanoTime();
        T value;
        try {
            value = control.get();
        }
        catch (RuntimeException | Error thrown) {
            long took = System.nanoTime() - started;
            controlTimer.record(took, TimeUnit.NANOSECONDS);
            tryCandidate(candidate, null, thrown, Result.thrown(thrown, took), observed);
            throw thrown;
        }
        long took = System.nanoTime() - started;
        controlTimer.record(took, TimeUnit.NANOSECONDS);
        tryCandidate(candidate, value, null, Result.value(cleaned(value), took), observed);
        return value;
    }

    private boolean enabled() {
        if (percent <= 0 || (percent < 100 && ThreadLocalRandom.current().nextInt(100) >= percent)) {
            return false;
        }
        try {
            return runIf.getAsBoolean();
        }
        catch (RuntimeException broken) {
            log.log(Level.WARNING, "Experiment " + name + ": its run-if predicate threw; the candidate is not run", broken);
            return false;
        }
    }

    private void tryCandidate(Supplier<? extends CompletionStage<T>> candidate, T controlValue,
            Throwable controlThrown, Result control, Map<String, Object> observed) {
        long[] started = new long[1];
        CompletableFuture<T> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> {
                started[0] = System.nanoTime();
                return candidate.get();
            }, executor).thenCompose(stage -> stage);
        }
        catch (RejectedExecutionException full) {
            finish(new Observation(name, Outcome.SKIPPED, control, null, observed));
            return;
        }
        answer.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((value, failure) -> {
            long took = started[0] == 0 ? timeout.toNanos() : System.nanoTime() - started[0];
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            Observation observation;
            if (cause instanceof RejectedExecutionException) {
                observation = new Observation(name, Outcome.SKIPPED, control, null, observed);
            }
            else if (cause instanceof TimeoutException) {
                observation = new Observation(name, Outcome.TIMED_OUT, control,
                        new Result(null, "no answer within " + timeout.toMillis() + " ms", timeout), observed);
            }
            else if (cause != null) {
                candidateTimer.record(took, TimeUnit.NANOSECONDS);
                Outcome outcome = controlThrown == null ? Outcome.CANDIDATE_FAILED
                        : controlThrown.getClass() == cause.getClass() ? Outcome.MATCHED : Outcome.MISMATCHED;
                observation = new Observation(name, outcome, control, Result.thrown(cause, took), observed);
            }
            else {
                candidateTimer.record(took, TimeUnit.NANOSECONDS);
                observation = new Observation(name, compare(controlValue, controlThrown, value), control,
                        Result.value(cleaned(value), took), observed);
            }
            finish(observation);
        });
    }

    private Outcome compare(T control, Throwable controlThrown, T candidate) {
        if (controlThrown != null) {
            return Outcome.MISMATCHED;
        }
        try {
            if (comparator.test(control, candidate)) {
                return Outcome.MATCHED;
            }
            for (BiPredicate<? super T, ? super T> ignore : ignores) {
                if (ignore.test(control, candidate)) {
                    return Outcome.IGNORED;
                }
            }
            return Outcome.MISMATCHED;
        }
        catch (RuntimeException broken) {
            log.log(Level.WARNING, "Experiment " + name + ": its comparator or an ignore rule threw", broken);
            return Outcome.MISMATCHED;
        }
    }

    private Object cleaned(T value) {
        try {
            return value == null ? null : clean.apply(value);
        }
        catch (RuntimeException broken) {
            return "(clean failed: " + broken + ")";
        }
    }

    private void finish(Observation observation) {
        outcomes.get(observation.outcome()).increment();
        try {
            publisher.accept(observation);
        }
        catch (RuntimeException broken) {
            log.log(Level.WARNING, "Experiment " + name + ": its publisher threw", broken);
        }
    }

    private Timer timer(MeterRegistry meters, String path) {
        return Timer.builder("experiment.duration").tag("experiment", name).tag("path", path)
                .description("How long each side of the experiment took").publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** How an experiment compares, what it records and when it runs; every setting but the name has a default. */
    public static final class Builder<T> {

        private final String name;
        private MeterRegistry meters;
        private Executor executor;
        private Duration timeout = Duration.ofSeconds(1);
        private BiPredicate<? super T, ? super T> comparator = Objects::equals;
        private final List<BiPredicate<? super T, ? super T>> ignores = new ArrayList<>();
        private Function<? super T, ?> clean = Function.identity();
        private final Map<String, Object> context = new LinkedHashMap<>();
        private int percent = 100;
        private BooleanSupplier runIf = () -> true;
        private Consumer<Observation> publisher = observation -> {
        };

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an experiment needs a name");
            }
            this.name = name;
        }

        public Builder<T> meters(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        /**
         * Where candidates run: shared by all experiments, and bounded (a fixed number of threads and a bounded
         * queue) so that a slow candidate cannot pile up work; a call it refuses is {@link Outcome#SKIPPED}.
         */
        public Builder<T> executor(Executor candidates) {
            this.executor = candidates;
            return this;
        }

        public Builder<T> timeout(Duration limit) {
            if (limit == null || limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive");
            }
            this.timeout = limit;
            return this;
        }

        /** When the two values are the same (default: {@code equals}). */
        public Builder<T> compare(BiPredicate<? super T, ? super T> same) {
            this.comparator = Objects.requireNonNull(same);
            return this;
        }

        /** A difference that does not count: the observation is {@link Outcome#IGNORED}, not a mismatch. */
        public Builder<T> ignore(BiPredicate<? super T, ? super T> rule) {
            this.ignores.add(Objects.requireNonNull(rule));
            return this;
        }

        /** What of a value the observation records (default: the value itself). */
        public Builder<T> clean(Function<? super T, ?> cleaner) {
            this.clean = Objects.requireNonNull(cleaner);
            return this;
        }

        public Builder<T> context(String key, Object value) {
            this.context.put(key, value);
            return this;
        }

        /** The share of calls, 0 to 100, whose candidate runs (default: every call). */
        public Builder<T> percent(int share) {
            if (share < 0 || share > 100) {
                throw new IllegalArgumentException("percent must be 0 to 100, not " + share);
            }
            this.percent = share;
            return this;
        }

        /** Whether a call's candidate may run at all (a feature switch, a kind of user). */
        public Builder<T> runIf(BooleanSupplier predicate) {
            this.runIf = Objects.requireNonNull(predicate);
            return this;
        }

        /** Receives every finished observation; runs on the candidate's thread (or the timer's, on a timeout). */
        public Builder<T> publish(Consumer<Observation> observer) {
            this.publisher = Objects.requireNonNull(observer);
            return this;
        }

        public Experiment<T> build() {
            return new Experiment<>(this);
        }
    }
}
