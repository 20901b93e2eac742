package dev.parallelrun.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One version of the payment service, called over keep-alive connections (the JDK client pools them per host):
 * {@code POST /payroll} with a small payroll, timed from send to the last byte of the answer.
 */
final class PayrollTarget {

    /** The answer's status (0 when there was none) and how long it took. */
    record Answer(int status, long nanos) {

        boolean created() {
            return status == 201;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String COMPILATION = "jvm_compilation_time_ms_total";

    private final String name;
    private final URI payrolls;
    private final URI metrics;
    private final HttpClient http;

    PayrollTarget(String name, URI base) {
        this.name = name;
        this.payrolls = base.resolve("/payroll");
        this.metrics = base.resolve("/actuator/prometheus");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    String name() {
        return name;
    }

    URI payrolls() {
        return payrolls;
    }

    /**
     * How long the service's JIT compiler has worked, in milliseconds, as its Prometheus endpoint says
     * ({@code jvm_compilation_time_ms_total}, Micrometer's); empty when it does not answer with it.
     */
    OptionalLong compilationMillis() {
        HttpRequest request = HttpRequest.newBuilder(metrics).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<Stream<String>> answer = http.send(request,
                    HttpResponse.BodyHandlers.ofLines());
            if (answer.statusCode() != 200) {
                answer.body().close();
                return OptionalLong.empty();
            }
            try (Stream<String> lines = answer.body()) {
                return compilationMillis(lines);
            }
        }
        catch (IOException failed) {
            return OptionalLong.empty();
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The sample's value, summed over its series (one per compiler), from Prometheus' text format. */
    static OptionalLong compilationMillis(Stream<String> exposition) {
        try {
            List<Double> values = exposition
                    .filter(line -> line.startsWith(COMPILATION + "{") || line.startsWith(COMPILATION + " "))
                    .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).toList();
            return values.isEmpty() ? OptionalLong.empty()
                    : OptionalLong.of(Math.round(values.stream().mapToDouble(Double::doubleValue).sum()));
        }
        catch (NumberFormatException notASample) {
            return OptionalLong.empty();
        }
    }

    Answer post(String shipTo) {
        HttpRequest request = HttpRequest.newBuilder(payrolls).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"shipTo\":\"" + shipTo + "\",\"total\":1}")).build();
        long started = System.nanoTime();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Answer(status, System.nanoTime() - started);
        }
        catch (IOException failed) {
            return new Answer(0, System.nanoTime() - started);
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Answer(0, System.nanoTime() - started);
        }
    }
}
