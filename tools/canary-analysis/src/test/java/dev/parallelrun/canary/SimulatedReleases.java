package dev.parallelrun.canary;

import dev.parallelrun.canary.Release.Status;
import dev.parallelrun.canary.VersionSample.InstanceSample;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.PercentileHistogramBuckets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Canary releases of the README's shape (steps 10, 50, 100 every 15 s, read every second, 50 requests a second split
 * by the weight request by request) run through the real {@link CanaryRelease} and {@link Checks} on simulated
 * traffic, in simulated time: each version answers 5xx at its own rate and takes a log-normal latency (median as set,
 * σ 0.5), recorded in Micrometer's own percentile-histogram buckets as the services record theirs.
 */
final class SimulatedReleases {

    /**
     * How a version behaves.
     *
     * @param coldRequests its first requests, which take a second more each: a JVM just started, as every canary is
     */
    record Behaviour(double errorRate, Duration medianLatency, int coldRequests) {

        Behaviour(double errorRate, Duration medianLatency) {
            this(errorRate, medianLatency, 0);
        }
    }

    /** How one release ended: its status, the check that ended it, after how long, and how many canary requests. */
    record Ending(Status status, String outcome, Duration took, long canaryRequests) {

        boolean endedBy(String check) {
            return outcome.startsWith("rolled back to 0 %: " + check + " failed");
        }
    }

    static final List<Integer> STEPS = List.of(10, 50, 100);
    static final Duration INTERVAL = Duration.ofSeconds(15);
    static final int RATE = 50;

    private static final double[] BUCKETS = PercentileHistogramBuckets.buckets(DistributionStatisticConfig.builder()
            .percentilesHistogram(true).minimumExpectedValue(1e6).maximumExpectedValue(3e10).build())
            .stream().mapToDouble(nanos -> nanos / 1e9).toArray();

    private final AnalysisProperties properties;
    private final SplittableRandom random;

    SimulatedReleases(long seed) {
        this.properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("analysis", AnalysisProperties.class);
        this.random = new SplittableRandom(seed);
    }

    /**
     * One release of a canary behaving as {@code canary} against a primary behaving as {@code primary};
     * {@code splitFactor} is how many times its weight's share the canary actually gets (1: the split works).
     */
    Ending release(Behaviour primary, Behaviour canary, double splitFactor) {
        SimulatedClock clock = new SimulatedClock();
        SimulatedVersion primarySide = new SimulatedVersion(primary);
        SimulatedVersion canarySide = new SimulatedVersion(canary);
        VersionMetrics metrics = new VersionMetrics(version -> List.of(), RestClient.create()) {
            @Override
            VersionSample sample(String version) {
                return (version.equals("final-version") ? canarySide : primarySide).sample();
            }
        };
        CanaryRelease analysis = new CanaryRelease(properties, metrics, null, new RouteInMemory(properties.port()),
                new StoreInMemory(), clock, new SimpleMeterRegistry());
        Instant start = clock.instant();
        Release release = analysis.start("monolith-v1", "final-version", STEPS, INTERVAL);
        while (release.progressing()) {
            double share = Math.min(1, splitFactor * release.weight() / 100.0);
            for (int i = 0; i < RATE; i++) {
                (random.nextDouble() < share ? canarySide : primarySide).serve();
            }
            clock.now = clock.now.plusSeconds(1);
            analysis.tick();
            release = analysis.current().orElseThrow();
        }
        return new Ending(release.status(), release.outcome(), Duration.between(start, clock.instant()),
                canarySide.requests);
    }

    /** {@code count} releases of the same pair. */
    List<Ending> releases(int count, Behaviour primary, Behaviour canary, double splitFactor) {
        List<Ending> endings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            endings.add(release(primary, canary, splitFactor));
        }
        return endings;
    }

    /**
     * The same release judged by the analysis' rule before its checks were tests, Flagger's: at every tick with 20
     * canary requests in the window, at most 5 % of them 5xx; at the window's end, the canary's p99 at most 1.5 × the
     * primary's (in the same window, or the busiest one) + 50 ms. For figures side by side; nothing uses it.
     */
    Ending releaseByFixedThresholds(Behaviour primary, Behaviour canary) {
        SimulatedVersion primarySide = new SimulatedVersion(primary);
        SimulatedVersion canarySide = new SimulatedVersion(canary);
        Double busiestP99 = null;
        long busiest = 0;
        int seconds = 0;
        for (int step = 0; step < STEPS.size(); step++) {
            VersionSample primaryAtStart = primarySide.sample();
            VersionSample canaryAtStart = canarySide.sample();
            for (int second = 1; second <= INTERVAL.toSeconds(); second++) {
                for (int i = 0; i < RATE; i++) {
                    (random.nextDouble() < STEPS.get(step) / 100.0 ? canarySide : primarySide).serve();
                }
                seconds++;
                VersionSample.Window window = canarySide.sample().since(canaryAtStart);
                if (window.requests() >= 20 && window.errorRate() > 0.05) {
                    return new Ending(Status.ROLLED_BACK, "rolled back to 0 %: errors failed", Duration.ofSeconds(
                            seconds), canarySide.requests);
                }
            }
            VersionSample.Window window = canarySide.sample().since(canaryAtStart);
            VersionSample.Window primaryWindow = primarySide.sample().since(primaryAtStart);
            if (primaryWindow.requests() >= 20 && primaryWindow.requests() >= busiest) {
                busiest = primaryWindow.requests();
                busiestP99 = primaryWindow.quantile(0.99);
            }
            Double reference = primaryWindow.requests() >= 20 ? Double.valueOf(primaryWindow.quantile(0.99))
                    : busiestP99;
            if (window.requests() >= 20 && reference != null && window.quantile(0.99) > 1.5 * reference + 0.05) {
                return new Ending(Status.ROLLED_BACK, "rolled back to 0 %: latency failed", Duration.ofSeconds(seconds),
                        canarySide.requests);
            }
        }
        return new Ending(Status.PROMOTED, "promoted", Duration.ofSeconds(seconds), canarySide.requests);
    }

    List<Ending> releasesByFixedThresholds(int count, Behaviour primary, Behaviour canary) {
        List<Ending> endings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            endings.add(releaseByFixedThresholds(primary, canary));
        }
        return endings;
    }

    /**
     * payment.service's route, kept in memory: the simulation runs thousands of releases, each ticking every
     * simulated second, and writing and reading the real file is {@code CanaryReleaseTests}' business.
     */
    private static final class RouteInMemory extends RouteFile {

        private String line;

        RouteInMemory(int port) {
            super(null, port);
        }

        @Override
        void write(String primary, String canary, int weight) {
            line = line(primary, canary, weight);
        }

        @Override
        Optional<String> read() {
            return Optional.ofNullable(line);
        }
    }

    /** The release, kept in memory for the same reason: every tick saves it. */
    private static final class StoreInMemory extends ReleaseStore {

        private Kept kept;

        StoreInMemory() {
            super(null, null);
        }

        @Override
        void save(Kept kept) {
            this.kept = kept;
        }

        @Override
        Optional<Kept> load() {
            return Optional.ofNullable(kept);
        }
    }

    /** One instance's cumulative counters, as its /actuator/prometheus would give them. */
    private final class SimulatedVersion {

        private final Behaviour behaviour;
        private final long[] inBucket = new long[BUCKETS.length + 1];
        private long requests;
        private long errors;

        SimulatedVersion(Behaviour behaviour) {
            this.behaviour = behaviour;
        }

        void serve() {
            requests++;
            errors += random.nextDouble() < behaviour.errorRate() ? 1 : 0;
            double latency = behaviour.medianLatency().toNanos() / 1e9 * Math.exp(0.5 * random.nextGaussian())
                    + (requests <= behaviour.coldRequests() ? 1 : 0);
            int bucket = java.util.Arrays.binarySearch(BUCKETS, latency);
            inBucket[bucket >= 0 ? bucket : -bucket - 1]++;
        }

        VersionSample sample() {
            NavigableMap<Double, Long> cumulative = new TreeMap<>();
            long sum = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                sum += inBucket[i];
                cumulative.put(BUCKETS[i], sum);
            }
            cumulative.put(Double.POSITIVE_INFINITY, requests);
            return new VersionSample(Map.of("simulated:8080", new InstanceSample(requests, errors, cumulative)));
        }
    }

    private static final class SimulatedClock extends Clock {

        Instant now = Instant.parse("2026-12-03T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
