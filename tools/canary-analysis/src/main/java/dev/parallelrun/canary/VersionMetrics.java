package dev.parallelrun.canary;

import dev.parallelrun.canary.VersionSample.InstanceSample;
import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * A version's served requests as its instances' own Micrometer meters say, read from each instance's
 * {@code /actuator/prometheus} in Prometheus' protobuf format (parsed by Prometheus' own generated classes) and
 * kept per instance: {@code http.server.requests} for every route but the operators' ({@code /actuator}) and the
 * counting one ({@code /inventory}).
 */
class VersionMetrics {

    static final MediaType PROTOBUF = MediaType.parseMediaType(
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
    private static final String REQUESTS = "http_server_requests_seconds";
    private static final Logger log = LoggerFactory.getLogger(VersionMetrics.class);

    private final InstanceResolver instances;
    private final RestClient http;

    VersionMetrics(InstanceResolver instances, RestClient http) {
        this.instances = instances;
        this.http = http;
    }

    /** An instance that does not answer is left out: its requests are counted again once it answers. */
    VersionSample sample(String version) {
        return sample(version, instances.instances(version));
    }

    /** The same, of instances found otherwise (a rolling update's old and new tasks, by the cluster's own word). */
    VersionSample sample(String version, List<URI> instances) {
        Map<String, InstanceSample> sampled = new LinkedHashMap<>();
        for (URI instance : instances) {
            try {
                byte[] body = http.get().uri(instance.resolve("/actuator/prometheus")).accept(PROTOBUF).retrieve()
                        .body(byte[].class);
                sampled.put(instance.getAuthority(), read(body == null ? new byte[0] : body));
            }
            catch (RestClientException | IOException unreadable) {
                log.debug("No metrics from {} instance {}: {}", version, instance, unreadable.getMessage());
            }
        }
        return new VersionSample(sampled);
    }

    /**
     * A version's distinct users from {@code since} on: each instance's sketch of the users it served
     * ({@code /actuator/users/{since}}, the served-by library's UltraLogLog) merged, so that a user two instances
     * served counts once. Empty when an instance does not answer with one (a service that does not count its users,
     * an instance not up yet): a side's users cannot be told from part of it.
     */
    OptionalLong users(String version, Instant since) {
        UltraLogLog side = null;
        for (URI instance : instances.instances(version)) {
            try {
                UsersSeen seen = http.get().uri(instance.resolve("/actuator/users/" + since.toEpochMilli())).retrieve()
                        .body(UsersSeen.class);
                if (seen == null || seen.sketch() == null) {
                    return OptionalLong.empty();
                }
                UltraLogLog sketch = UltraLogLog.wrap(seen.sketch());
                side = side == null ? sketch.copy() : side.add(sketch);
            }
            catch (RestClientException | IllegalArgumentException unreadable) {
                log.debug("No users from {} instance {}: {}", version, instance, unreadable.getMessage());
                return OptionalLong.empty();
            }
        }
        return side == null ? OptionalLong.empty() : OptionalLong.of(Math.round(side.getDistinctCountEstimate()));
    }

    /** What an instance's {@code GET /actuator/users/{since}} answers: its count, and the sketch it counted with. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UsersSeen(long users, byte[] sketch) {
    }

    static InstanceSample read(byte[] protobuf) throws IOException {
        long requests = 0;
        long errors = 0;
        NavigableMap<Double, Long> buckets = new TreeMap<>();
        InputStream in = new ByteArrayInputStream(protobuf);
        Metrics.MetricFamily family;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            if (!family.getName().equals(REQUESTS)) {
                continue;
            }
            for (Metrics.Metric metric : family.getMetricList()) {
                String uri = label(metric, "uri");
                if (uri.equals("/inventory") || uri.startsWith("/actuator")) {
                    continue;
                }
                long count = metric.getHistogram().getSampleCount();
                requests += count;
                errors += label(metric, "status").startsWith("5") ? count : 0;
                for (Metrics.Bucket bucket : metric.getHistogram().getBucketList()) {
                    buckets.merge(bucket.getUpperBound(), bucket.getCumulativeCount(), Long::sum);
                }
            }
        }
        return new InstanceSample(requests, errors, buckets);
    }

    private static String label(Metrics.Metric metric, String name) {
        return metric.getLabelList().stream().filter(label -> label.getName().equals(name))
                .map(Metrics.LabelPair::getValue).findFirst().orElse("");
    }
}
