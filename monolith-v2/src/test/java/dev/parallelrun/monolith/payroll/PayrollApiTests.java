package dev.parallelrun.monolith.payroll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The running service over real HTTP on real PostgreSQL: persistence, the one notification per payroll,
 * idempotency under a race, limits that only a real server shows, and what actuator exposes.
 */
// The microservice is not part of this test: its address refuses connections (port 9), events wait in the outbox.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "candidate.url=http://127.0.0.1:9")
@Import(TestcontainersConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureMetrics
class PayrollApiTests {

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @LocalServerPort
    int port;

    @Autowired
    PayrollRepository payrolls;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void createsReadsAndNotifiesOnce(CapturedOutput output) throws Exception {
        HttpResponse<String> created = post("{\"shipTo\":\"Juablaz\",\"total\":320}", null);

        assertThat(created.statusCode()).isEqualTo(201);
        long id = idOf(created);
        assertThat(created.headers().firstValue("Location")).hasValue("/payroll/" + id);

        assertThat(created.body()).contains("\"shipTo\":\"Juablaz\"").contains("\"total\":320.00");
        HttpResponse<String> read = get("/payroll/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(created.body());

        String line = "Notification sent to Juablaz: Payroll " + id + " shipped to Juablaz of 320";
        assertThat(countOf(output, line)).isEqualTo(1);
    }

    @Test
    void repeatWithSameKeyReturnsFirstPayrollAndNotifiesOnce(CapturedOutput output) throws Exception {
        HttpResponse<String> first = post("{\"shipTo\":\"Repeat\",\"total\":10.5}", "repeat-1");
        HttpResponse<String> second = post("{\"shipTo\":\"Repeat\",\"total\":10.50}", "repeat-1");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(idOf(second)).isEqualTo(idOf(first));
        assertThat(first.headers().firstValue("Idempotent-Replayed")).hasValue("false");
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(countOf(output, "Notification sent to Repeat: ")).isEqualTo(1);
    }

    @Test
    void sameKeyWithDifferentBodyIsRefused(CapturedOutput output) throws Exception {
        long id = idOf(post("{\"shipTo\":\"Original\",\"total\":1}", "reused-1"));

        HttpResponse<String> reused = post("{\"shipTo\":\"Other\",\"total\":1}", "reused-1");

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(reused.body()).contains("already used for payroll " + id);
        assertThat(countOf(output, "Notification sent to Other")).isZero();
    }

    @Test
    void racingRequestsWithOneKeyCreateOnePayrollAndOneNotification(CapturedOutput output) throws Exception {
        int racers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            calls.add(() -> {
                start.await();
                return post("{\"shipTo\":\"Racer\",\"total\":99.99}", "race-1");
            });
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<HttpResponse<String>>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201);
        assertThat(responses.stream().map(PayrollApiTests::idOf).distinct()).hasSize(1);
        assertThat(responses.stream().filter(r -> r.headers().firstValue("Idempotent-Replayed").orElseThrow()
                .equals("false"))).hasSize(1);
        assertThat(payrolls.findByIdempotencyKey("race-1")).isPresent();
        assertThat(countOf(output, "Notification sent to Racer: ")).isEqualTo(1);
    }

    @Test
    void rejectsOversizedChunkedBodyWithoutStoringIt(CapturedOutput output) throws Exception {
        long before = payrolls.count();
        HttpURLConnection connection = (HttpURLConnection) URI.create(url("/payroll")).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(1024);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream body = connection.getOutputStream()) {
            body.write(("{\"shipTo\":\"" + "x".repeat(40 * 1024) + "\",\"total\":1}").getBytes(StandardCharsets.UTF_8));
        }
        catch (IOException serverClosedEarly) {
            // The server may answer and close before the client has written everything.
        }

        assertThat(connection.getResponseCode()).isEqualTo(413);
        assertThat(connection.getContentType()).isEqualTo("application/problem+json");
        assertThat(read(connection.getErrorStream())).contains("Request body exceeds 16384 bytes");
        assertThat(payrolls.count()).isEqualTo(before);
        assertThat(countOf(output, "Notification sent to x")).isZero();
    }

    @Test
    void badInputOverRealHttpIsProblemJsonAndStoresNothing() throws Exception {
        long before = payrolls.count();

        HttpResponse<String> malformed = post("{\"shipTo\":", null);

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(malformed.body()).contains("Malformed JSON").doesNotContain("Exception");
        assertThat(payrolls.count()).isEqualTo(before);
    }

    @Test
    void actuatorExposesHealthWithDatabaseInfoAndPrometheusOnly() throws Exception {
        post("{\"shipTo\":\"Metrics\",\"total\":1}", null);

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"");
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        String prometheus = get("/actuator/prometheus").body();
        assertThat(prometheus).contains("payrolls_total")
                .contains("notifications_sent_total{implementation=\"monolith\"");
        for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/metrics")) {
            assertThat(get(hidden).statusCode()).as(hidden).isEqualTo(404);
        }
    }

    private HttpResponse<String> post(String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/payroll")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static long idOf(HttpResponse<String> response) {
        Matcher matcher = ID.matcher(response.body());
        assertThat(matcher.find()).as("id in %s", response.body()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static long countOf(CapturedOutput output, String text) {
        return output.getOut().lines().filter(line -> line.contains(text)).count();
    }

    private static String read(InputStream stream) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        stream.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
