package dev.parallelrun.load;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The answers of a run: by who served them ({@code X-Served-By: version/instance}) — requests, errors and latency
 * (HdrHistogram, 1 µs to 1 min at 3 significant digits) for the whole run, each version and each instance — and by
 * what they were: each status code, timeouts and connection errors apart.
 */
final class ServedTally {

    static final String NOBODY = "(no answer)";
    private static final long HIGHEST = TimeUnit.MINUTES.toNanos(1);

    /** One row of a table: a version, one of its instances, or one outcome. */
    static final class Row {

        private final Histogram latency = new Histogram(1_000, HIGHEST, 3);
        private long errors;
        private long retryAfter;

        void record(Answer answer) {
            latency.recordValue(Math.min(Math.max(answer.nanos(), 1_000), HIGHEST));
            errors += answer.error() ? 1 : 0;
            retryAfter += answer.retryAfter() ? 1 : 0;
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

    /** Status codes in order, then the ways of getting no answer. */
    private static final Comparator<String> OUTCOMES = Comparator
            .comparing((String outcome) -> !Character.isDigit(outcome.charAt(0)))
            .thenComparing(Comparator.naturalOrder());

    private final Row all = new Row();
    private final Map<String, Row> versions = new TreeMap<>();
    private final Map<String, Map<String, Row>> instances = new TreeMap<>();
    private final Map<String, Row> outcomes = new TreeMap<>(OUTCOMES);

    synchronized void record(Answer answer) {
        String servedBy = answer.servedBy();
        String version = servedBy == null ? NOBODY : servedBy.split("/", 2)[0];
        String instance = servedBy == null || !servedBy.contains("/") ? "-" : servedBy.split("/", 2)[1];
        all.record(answer);
        versions.computeIfAbsent(version, v -> new Row()).record(answer);
        instances.computeIfAbsent(version, v -> new TreeMap<>()).computeIfAbsent(instance, i -> new Row())
                .record(answer);
        outcomes.computeIfAbsent(answer.outcome(), o -> new Row()).record(answer);
    }

    synchronized long requests() {
        return all.requests();
    }

    synchronized long errors() {
        return all.errors();
    }

    /** Latency of the answered 2xx at a percentile, in milliseconds (0 with none). */
    synchronized double okMillis(double percentile) {
        Histogram ok = new Histogram(1_000, HIGHEST, 3);
        outcomes.forEach((outcome, row) -> {
            if (outcome.startsWith("2")) {
                ok.add(row.latency);
            }
        });
        return ok.getTotalCount() == 0 ? 0 : ok.getValueAtPercentile(percentile) / 1e6;
    }

    /** Each version's share of the answers so far, e.g. {@code monolith-v1 90.0 %  monolith-v2 10.0 %}. */
    synchronized String shares() {
        StringBuilder line = new StringBuilder();
        versions.forEach((version, row) -> line.append(line.isEmpty() ? "" : "  ")
                .append(String.format("%s %.1f %%", version, share(row))));
        return line.toString();
    }

    /** What the errors so far were, e.g. {@code (503 ×12, timeout ×3)}; empty with none. */
    synchronized String errorKinds() {
        StringBuilder kinds = new StringBuilder();
        outcomes.forEach((outcome, row) -> {
            if (row.errors() > 0) {
                kinds.append(kinds.isEmpty() ? " (" : ", ").append(String.format("%s ×%,d", outcome, row.errors()));
            }
        });
        return kinds.isEmpty() ? "" : kinds.append(')').toString();
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

    /** Each status code, timeouts and connection errors: how many, how fast, and how many said when to retry. */
    synchronized void printOutcomes(PrintWriter out) {
        String format = "%-17s %9s %8s %12s %9s %9s %9s%n";
        out.printf(format, "answer", "requests", "share", "Retry-After", "p50 ms", "p99 ms", "max ms");
        outcomes.forEach((outcome, row) -> out.printf(format, outcome, row.requests(),
                String.format("%.1f %%", share(row)), row.retryAfter, String.format("%.1f", row.millis(50)),
                String.format("%.1f", row.millis(99)), String.format("%.1f", row.maxMillis())));
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
