package dev.parallelrun.canary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a version's instances had served by one moment, summed over its instances (each instance's own figures are
 * kept to subtract like from like): requests to users' endpoints, those answered 5xx, and the cumulative latency
 * buckets of {@code http.server.requests}.
 */
record VersionSample(Map<String, InstanceSample> instances) {

    record InstanceSample(long requests, long errors, NavigableMap<Double, Long> buckets) {
    }

    /** Each instance's requests and 5xx alone, without its latency buckets: what the errors' evidence counts from. */
    VersionSample counts() {
        Map<String, InstanceSample> counts = new LinkedHashMap<>();
        instances.forEach((instance, sample) -> counts.put(instance,
                new InstanceSample(sample.requests(), sample.errors(), new TreeMap<>())));
        return new VersionSample(counts);
    }

    /**
     * {@code later}'s readings, and for an instance it no longer has (a task stopped since), its last reading here:
     * what a side served stays counted once the instance that served it is gone.
     */
    VersionSample updatedBy(VersionSample later) {
        Map<String, InstanceSample> updated = new LinkedHashMap<>(instances);
        updated.putAll(later.instances());
        return new VersionSample(Map.copyOf(updated));
    }

    /** This sample with {@code later}'s instances that it does not have yet: they count from what they had then. */
    VersionSample joinedBy(VersionSample later) {
        Map<String, InstanceSample> joined = new LinkedHashMap<>(instances);
        later.instances().forEach(joined::putIfAbsent);
        return new VersionSample(Map.copyOf(joined));
    }

    /** What was served between {@code earlier} and this sample. An instance new since then counts from zero; one
     * whose counters went down restarted, and counts from zero too. */
    Window since(VersionSample earlier) {
        long requests = 0;
        long errors = 0;
        NavigableMap<Double, Long> buckets = new TreeMap<>();
        for (Map.Entry<String, InstanceSample> entry : instances.entrySet()) {
            InstanceSample now = entry.getValue();
            InstanceSample then = earlier.instances().get(entry.getKey());
            if (then == null || then.requests() > now.requests()) {
                then = new InstanceSample(0, 0, new TreeMap<>());
            }
            requests += now.requests() - then.requests();
            errors += now.errors() - then.errors();
            for (Map.Entry<Double, Long> bucket : now.buckets().entrySet()) {
                long before = then.buckets().getOrDefault(bucket.getKey(), 0L);
                buckets.merge(bucket.getKey(), bucket.getValue() - before, Long::sum);
            }
        }
        return new Window(requests, errors, buckets);
    }

    /** A version's requests over a window, its 5xx and its latency buckets (cumulative, upper bound in seconds). */
    record Window(long requests, long errors, NavigableMap<Double, Long> buckets) {

        double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }

        /**
         * The latency under which {@code q} of the window's requests were answered, in seconds, interpolated
         * linearly inside the bucket that holds it, as Prometheus' {@code histogram_quantile} does; the highest
         * finite bound when it falls in the last, open bucket.
         */
        double quantile(double q) {
            if (requests == 0 || buckets.isEmpty()) {
                return Double.NaN;
            }
            double rank = q * requests;
            double lowerBound = 0;
            long lowerCount = 0;
            for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
                if (bucket.getValue() >= rank) {
                    if (bucket.getKey().isInfinite()) {
                        return lowerBound;
                    }
                    long inBucket = bucket.getValue() - lowerCount;
                    return inBucket == 0 ? bucket.getKey()
                            : lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
                }
                lowerBound = bucket.getKey();
                lowerCount = bucket.getValue();
            }
            return lowerBound;
        }
    }
}
