package dev.parallelrun.compare;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.parallelrun.evidence.MismatchRate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What the proxy has compared: totals per endpoint (method and path, ids collapsed to {@code {id}}), the latest
 * differences and failures with their details, and the meter {@code comparing_proxy_comparisons_total{endpoint,
 * outcome}}. Kept in memory: the proxy is a test tool, restarted with each comparison campaign.
 */
final class ComparisonLog {

    /** A path segment that names one thing rather than a kind of thing: a number, a UUID, a long hex or token. */
    private static final Pattern ID = Pattern.compile(
            "\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}"
                    + "|(?=[A-Za-z0-9_-]*\\d)[A-Za-z0-9_-]{20,}");

    static final String OTHER = "other";

    private final MeterRegistry meters;
    private final int maxEndpoints;
    private final int kept;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, EndpointTotals> totals = new LinkedHashMap<>();
    private final Deque<Comparison> recent = new ArrayDeque<>();

    ComparisonLog(MeterRegistry meters, int maxEndpoints, int kept) {
        this.meters = meters;
        this.maxEndpoints = maxEndpoints;
        this.kept = kept;
    }

    /** {@code GET /payroll/17?x=1} → {@code GET /payroll/{id}}. */
    static String endpoint(String method, String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        StringBuilder template = new StringBuilder(method).append(' ');
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            template.append('/').append(ID.matcher(segments[i]).matches() ? "{id}" : segments[i]);
        }
        return template.length() == method.length() + 1 ? template.append('/').toString() : template.toString();
    }

    synchronized Comparison record(String method, String pathAndQuery, Outcome outcome, List<Difference> differences,
            List<String> noise, Map<String, String> failures) {
        String endpoint = endpoint(method, pathAndQuery);
        if (!totals.containsKey(endpoint) && totals.size() >= maxEndpoints) {
            endpoint = OTHER;
        }
        String counted = endpoint;
        totals.computeIfAbsent(counted, name -> new EndpointTotals(name, meters)).add(outcome);
        Comparison comparison = new Comparison(sequence.incrementAndGet(), Instant.now(), counted, method,
                pathAndQuery, outcome, differences, noise, failures);
        if (outcome != Outcome.EQUAL) {
            recent.addFirst(comparison);
            if (recent.size() > kept) {
                recent.removeLast();
            }
        }
        return comparison;
    }

    synchronized List<EndpointTotals.Snapshot> totals() {
        return totals.values().stream().map(EndpointTotals::snapshot).toList();
    }

    synchronized List<Comparison> recent() {
        return new ArrayList<>(recent);
    }

    enum Outcome {
        EQUAL, DIFFERENT, FAILED;

        @JsonValue
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One comparison as reported.
     *
     * @param failures the targets that gave no answer, and why
     */
    record Comparison(long id, Instant at, String endpoint, String method, String path, Outcome outcome,
            List<Difference> differences, List<String> noise, Map<String, String> failures) {
    }

    static final class EndpointTotals {

        private final String endpoint;
        private final Map<Outcome, Counter> counters = new LinkedHashMap<>();

        EndpointTotals(String endpoint, MeterRegistry meters) {
            this.endpoint = endpoint;
            for (Outcome outcome : Outcome.values()) {
                counters.put(outcome, Counter.builder("comparing.proxy.comparisons")
                        .description("Requests compared, by endpoint and outcome")
                        .tag("endpoint", endpoint)
                        .tag("outcome", outcome.label())
                        .register(meters));
            }
        }

        void add(Outcome outcome) {
            counters.get(outcome).increment();
        }

        Snapshot snapshot() {
            long equal = count(Outcome.EQUAL);
            long different = count(Outcome.DIFFERENT);
            return new Snapshot(endpoint, equal, different, count(Outcome.FAILED),
                    MismatchRate.of(equal + different, different));
        }

        private long count(Outcome outcome) {
            return (long) counters.get(outcome).count();
        }

        /** @param mismatchRate the answers that differed among those both sides gave (a failure is not compared) */
        record Snapshot(String endpoint, long equal, long different, long failed, MismatchRate mismatchRate) {
        }
    }
}
