package dev.parallelrun.load;

import dev.parallelrun.load.PayrollTarget.Answer;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the parallel run costs the user, measured side by side: the same interleaved payrolls to a baseline and a
 * candidate, one after another over keep-alive connections after a warm-up (latency), then alternating slices of a
 * fixed number of keep-alive clients (throughput). Ratios are candidate / baseline, the median of the rounds. With
 * {@code --outbox}, a keep-up run follows: the candidate saturated while its outbox backlog is sampled every second.
 * It brings nothing up itself.
 */
@Command(name = "parallel-run-overhead", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Latency and throughput of a candidate against a baseline, side by side (ratios = candidate / "
                + "baseline); brings nothing up itself.")
public final class OverheadBenchmark implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "base URL of the baseline, e.g. http://127.0.0.1:8080")
    URI baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "base URL of the candidate, e.g. http://127.0.0.1:8082")
    URI candidate;

    @Option(names = "--rounds", defaultValue = "3", description = "latency rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--requests", defaultValue = "800", description = "measured requests to each, per round (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--warmup", defaultValue = "200", description = "unmeasured requests to each first, per round (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "90", description = "at most this long at full concurrency on each first, in 5 s slices until two in a row compile for at most --settled-ms on it (its jvm_compilation_time_ms_total), or where it does not tell, until three rates agree within 5 %%: a JVM just started is still compiling (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--settled-ms", defaultValue = "200", description = "milliseconds of compilation in a 5 s warm-up slice that say the code the load runs is compiled: 200 is 4 %% of one core, below what a warm service's rate varies by (default: ${DEFAULT-VALUE})")
    long settledMillis;

    @Option(names = "--clients", defaultValue = "8", description = "concurrent keep-alive clients in the throughput run (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--slices", defaultValue = "6", description = "alternating throughput slices, baseline first; the ratio is the median of the pairs' (default: ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--slice-seconds", defaultValue = "10", description = "length of a slice (default: ${DEFAULT-VALUE})")
    int sliceSeconds;

    @Option(names = "--prefill", defaultValue = "0", description = "payrolls sent to the candidate before measuring, to measure with them in its outbox (default: ${DEFAULT-VALUE})")
    int prefill;

    @Option(names = "--outbox", paramLabel = "URL", description = "the candidate's outbox endpoint, e.g. http://127.0.0.1:8082/actuator/outbox: adds the keep-up run")
    URI outbox;

    // 30 s show what 60 did: in eight runs at 60 s the backlog peaked at 93-152, and at 93-127 within the first 30 s;
    // a relay that falls behind grows it by hundreds a second.
    @Option(names = "--keep-up-seconds", defaultValue = "30", description = "length of the keep-up run (default: ${DEFAULT-VALUE})")
    int keepUpSeconds;

    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    public static void main(String[] args) {
        Integer relaunched = LeanJvm.relaunch(OverheadBenchmark.class, args);
        System.exit(relaunched != null ? relaunched : Cli.run(new OverheadBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PayrollTarget base = new PayrollTarget("baseline", baseline);
        PayrollTarget cand = new PayrollTarget("candidate", candidate);
        for (PayrollTarget target : List.of(base, cand)) {
            Answer answer = target.post("bench-" + run + "-probe");
            if (!answer.created()) {
                throw new IllegalStateException(answer.status() == 0 ? "nothing answers at " + target.payrolls()
                        : target.payrolls() + " answered " + answer.status() + " to a payroll, not 201");
            }
        }
        for (PayrollTarget target : List.of(base, cand)) {
            warmUp(target, out);
        }
        if (prefill > 0) {
            long created = saturate(cand, prefill, Long.MAX_VALUE, "prefill");
            out.printf("prefill: %,d payrolls sent to the candidate (%,d created)%n", prefill, created);
        }

        double[] p50 = new double[rounds];
        double[] p90 = new double[rounds];
        double[] p99 = new double[rounds];
        long errors = 0;
        for (int round = 0; round < rounds; round++) {
            Histogram[] latency = latencyRound(base, cand, round);
            errors += latency[2].getTotalCount();
            p50[round] = ratio(latency, 50);
            p90[round] = ratio(latency, 90);
            p99[round] = ratio(latency, 99);
            out.printf("latency round %d/%d: %d interleaved requests each after %d warm-up%n", round + 1, rounds,
                    requests, warmup);
            out.printf("  %-9s %s%n  %-9s %s%n  %-9s p50 %.2f   p90 %.2f   p99 %.2f%n", "baseline",
                    describe(latency[0]), "candidate", describe(latency[1]), "ratio", p50[round], p90[round],
                    p99[round]);
        }

        out.printf("throughput: %d keep-alive clients, %d alternating slices of %d s%n", clients, slices, sliceSeconds);
        long[] created = new long[2];
        double[] pairRatios = new double[slices / 2];
        long previousBaseline = 0;
        for (int slice = 0; slice < slices; slice++) {
            PayrollTarget target = slice % 2 == 0 ? base : cand;
            long count = saturate(target, Long.MAX_VALUE, TimeUnit.SECONDS.toNanos(sliceSeconds), "slice" + slice);
            created[slice % 2] += count;
            out.printf("  slice %d %-9s %,8.0f payrolls/s%n", slice + 1, target.name(), count / (double) sliceSeconds);
            if (slice % 2 == 0) {
                previousBaseline = count;
            }
            else {
                pairRatios[slice / 2] = count / (double) previousBaseline;
            }
        }
        double baselineRate = created[0] / (double) (sliceSeconds * ((slices + 1) / 2));
        double candidateRate = created[1] / (double) (sliceSeconds * (slices / 2));
        double throughputRatio = median(pairRatios);
        out.printf("  baseline %,.0f/s   candidate %,.0f/s   ratio %.2f (median of %d pairs: %s)%n", baselineRate,
                candidateRate, throughputRatio, pairRatios.length, Arrays.toString(Arrays.stream(pairRatios)
                        .map(r -> Math.round(r * 100) / 100.0).toArray()));

        out.printf("summary: p50_ratio=%.2f p90_ratio=%.2f p99_ratio=%.2f throughput_ratio=%.2f "
                        + "baseline_per_s=%.0f candidate_per_s=%.0f failed=%d (median of %d latency rounds)%n",
                median(p50), median(p90), median(p99), throughputRatio, baselineRate, candidateRate, errors, rounds);
        if (outbox != null) {
            keepUp(cand, out);
        }
        return errors == 0 ? 0 : 1;
    }

    private void validate() {
        for (URI url : outbox == null ? List.of(baseline, candidate) : List.of(baseline, candidate, outbox)) {
            if (!"http".equals(url.getScheme()) || url.getHost() == null) {
                throw Cli.invalid(spec, "not an http:// URL: " + url);
            }
        }
        if (rounds < 1 || requests < 1 || warmup < 0 || warmupSeconds < 0 || clients < 1 || slices < 2
                || sliceSeconds < 1 || prefill < 0 || keepUpSeconds < 1 || settledMillis < 0) {
            throw Cli.invalid(spec, "rounds, requests, clients, slice-seconds and keep-up-seconds must be at least "
                    + "1, slices at least 2, warmup, warmup-seconds, settled-ms and prefill at least 0");
        }
    }

    /**
     * Saturates the target in 5 s slices until its JIT compiler has settled: two slices in a row that compiled for at
     * most {@code --settled-ms} on it. A service that does not tell its compilation time is warm once three rates
     * in a row agree within 5 %, which on two shared cores rarely happens before the time is used up: the rates of a
     * warm service vary by 10 % from slice to slice.
     */
    private void warmUp(PayrollTarget target, PrintWriter out) throws Exception {
        int sliceSeconds = 5;
        List<Double> rates = new ArrayList<>();
        List<Long> compiled = new ArrayList<>();
        OptionalLong before = target.compilationMillis();
        for (int elapsed = 0; elapsed < warmupSeconds; elapsed += sliceSeconds) {
            double rate = saturate(target, Long.MAX_VALUE, TimeUnit.SECONDS.toNanos(sliceSeconds), "warmup")
                    / (double) sliceSeconds;
            OptionalLong after = target.compilationMillis();
            String jit = "";
            if (before.isPresent() && after.isPresent()) {
                compiled.add(after.getAsLong() - before.getAsLong());
                jit = String.format("   JIT %,5d ms", compiled.get(compiled.size() - 1));
            }
            before = after;
            out.printf("warm-up %-9s %3d s %,8.0f payrolls/s%s%n", target.name(), elapsed + sliceSeconds, rate, jit);
            out.flush();
            rates.add(rate);
            boolean warm = after.isPresent() ? settled(compiled, settledMillis)
                    : steady(rates.subList(Math.max(0, rates.size() - 3), rates.size()));
            if (warm) {
                return;
            }
        }
    }

    static boolean settled(List<Long> compiledPerSlice, long settledMillis) {
        int n = compiledPerSlice.size();
        return n >= 2 && compiledPerSlice.get(n - 1) <= settledMillis && compiledPerSlice.get(n - 2) <= settledMillis;
    }

    static boolean steady(List<Double> lastThree) {
        if (lastThree.size() < 3) {
            return false;
        }
        double max = lastThree.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = lastThree.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        return max > 0 && max - min <= 0.05 * max;
    }

    /** Baseline, candidate, and failed answers of both. */
    private Histogram[] latencyRound(PayrollTarget base, PayrollTarget cand, int round) {
        Histogram[] latency = { histogram(), histogram(), histogram() };
        for (int i = 0; i < warmup + requests; i++) {
            for (int t = 0; t < 2; t++) {
                // Alternate which goes first, so neither always follows the other's work.
                PayrollTarget target = (i + t) % 2 == 0 ? base : cand;
                Answer answer = target.post("bench-" + run + "-r" + round + "-" + i);
                if (i >= warmup) {
                    (answer.created() ? latency[target == base ? 0 : 1] : latency[2])
                            .recordValue(TimeUnit.NANOSECONDS.toMicros(answer.nanos()));
                }
            }
        }
        return latency;
    }

    /**
     * {@code clients} keep-alive clients send payrolls until {@code count} were sent or {@code nanos} passed, open loop
     * per client: a client sends its next as soon as its previous answered. Answers how many were created.
     */
    private long saturate(PayrollTarget target, long count, long nanos, String label) throws Exception {
        AtomicLong sent = new AtomicLong();
        AtomicLong created = new AtomicLong();
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    long n;
                    while ((n = sent.incrementAndGet()) <= count && System.nanoTime() < deadline) {
                        if (target.post("bench-" + run + "-" + label + "-" + n).created()) {
                            created.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        }
        finally {
            pool.shutdownNow();
        }
        return created.get();
    }

    /** The candidate saturated for a while: its outbox backlog, sampled every second, must not grow. */
    private void keepUp(PayrollTarget cand, PrintWriter out) throws Exception {
        OutboxProbe probe = new OutboxProbe(outbox);
        List<Long> backlog = new CopyOnWriteArrayList<>();
        backlog.add(probe.pending());
        var sampler = Executors.newSingleThreadScheduledExecutor();
        AtomicLong unread = new AtomicLong();
        sampler.scheduleAtFixedRate(() -> probe.tryPending().ifPresentOrElse(backlog::add, unread::incrementAndGet),
                1, 1, TimeUnit.SECONDS);
        long created;
        try {
            created = saturate(cand, Long.MAX_VALUE, TimeUnit.SECONDS.toNanos(keepUpSeconds), "keepup");
        }
        finally {
            sampler.shutdown(); // a read in progress finishes: interrupted, it would be a sample lost
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        long end = probe.pending();
        List<Long> samples = List.copyOf(backlog);
        long max = samples.stream().mapToLong(Long::longValue).max().orElse(end);
        long firstHalfMax = samples.subList(0, samples.size() / 2).stream().mapToLong(Long::longValue).max().orElse(0);
        long secondHalfMax = samples.subList(samples.size() / 2, samples.size()).stream().mapToLong(Long::longValue)
                .max().orElse(0);
        out.printf("keep-up: the candidate saturated for %d s (%,.0f payrolls/s), its outbox backlog every 10 s: %s%s%n",
                keepUpSeconds, created / (double) keepUpSeconds, everyTenth(samples),
                unread.get() == 0 ? "" : " (" + unread.get() + " samples could not be read)");
        out.printf("keep_up: backlog_start=%d backlog_max=%d backlog_end=%d first_half_max=%d second_half_max=%d%n",
                samples.get(0), max, end, firstHalfMax, secondHalfMax);
    }

    private static String everyTenth(List<Long> samples) {
        List<Long> shown = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += 10) {
            shown.add(samples.get(i));
        }
        return shown.toString();
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    }

    private static double ratio(Histogram[] latency, double percentile) {
        return latency[1].getValueAtPercentile(percentile) / (double) latency[0].getValueAtPercentile(percentile);
    }

    private static String describe(Histogram latency) {
        return "p50 %5.2f ms   p90 %5.2f ms   p99 %6.2f ms   max %6.2f ms".formatted(millis(latency, 50),
                millis(latency, 90), millis(latency, 99), latency.getMaxValue() / 1000.0);
    }

    private static double millis(Histogram latency, double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
