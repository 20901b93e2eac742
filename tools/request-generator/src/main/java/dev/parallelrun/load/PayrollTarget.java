package dev.parallelrun.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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

    private final String name;
    private final URI payrolls;
    private final HttpClient http;

    PayrollTarget(String name, URI base) {
        this.name = name;
        this.payrolls = base.resolve("/payroll");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    String name() {
        return name;
    }

    URI payrolls() {
        return payrolls;
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
