package dev.parallelrun.load;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The answers of a run, by who served them ({@code X-Served-By: version/instance}): requests, errors and latency
 * (HdrHistogram, 1 µs to 1 min at 3 significant digits) for the whole run, each version and each instance.
 */
final class ServedTally {

    static final String NOBODY = "(no answer)";
    private static final long HIGHEST = TimeUnit.MINUTES.toNanos(1);

    /** One row of the table: a version, or one of its instances. */
    static final class Row {

        private final Histogram latency = new Histogram(1_000, HIGHEST, 3);
        private long errors;

        void record(long nanos, boolean error) {
            latency.recordValue(Math.min(Math.max(nanos, 1_000), HIGHEST));
            errors += error ? 1 : 0;
        }

        long requests() {
            return latency.getTotalCount();
        }

        long errors() {
            return errors;
        }

        double millis(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }

        double maxMillis() {
            return latency.getMaxValue() / 1e6;
        }
    }

    private final Row all = new Row();
    private final Map<String, Row> versions = new TreeMap<>();
    private final Map<String, Map<String, Row>> instances = new TreeMap<>();

    /** {@code servedBy} is the header's value, null when nobody answered. */
    synchronized void record(String servedBy, long nanos, boolean error) {
        String version = servedBy == null ? NOBODY : servedBy.split("/", 2)[0];
        String instance = servedBy == null || !servedBy.contains("/") ? "-" : servedBy.split("/", 2)[1];
        all.record(nanos, error);
        versions.computeIfAbsent(version, v -> new Row()).record(nanos, error);
        instances.computeIfAbsent(version, v -> new TreeMap<>()).computeIfAbsent(instance, i -> new Row())
                .record(nanos, error);
    }

    synchronized long requests() {
        return all.requests();
    }

    synchronized long errors() {
        return all.errors();
    }

    /** Each version's share of the answers so far, e.g. {@code monolith-v1 90.0 %  monolith-v2 10.0 %}. */
    synchronized String shares() {
        StringBuilder line = new StringBuilder();
        versions.forEach((version, row) -> line.append(line.isEmpty() ? "" : "  ")
                .append(String.format("%s %.1f %%", version, share(row))));
        return line.toString();
    }

    synchronized void printTable(PrintWriter out) {
        String format = "%-16s %-10s %9s %8s %8s %9s %9s %9s %9s%n";
        out.printf(format, "version", "instance", "requests", "share", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms");
        versions.forEach((version, row) -> {
            print(out, format, version, "(all)", row);
            instances.get(version).forEach((instance, instanceRow) -> print(out, format, "", instance, instanceRow));
        });
        print(out, format, "total", "", all);
    }

    private void print(PrintWriter out, String format, String version, String instance, Row row) {
        out.printf(format, version, instance, row.requests(), String.format("%.1f %%", share(row)), row.errors(),
                String.format("%.1f", row.millis(50)), String.format("%.1f", row.millis(90)),
                String.format("%.1f", row.millis(99)), String.format("%.1f", row.maxMillis()));
    }

    private double share(Row row) {
        return all.requests() == 0 ? 0 : 100.0 * row.requests() / all.requests();
    }
}
