package dev.parallelrun.monolith.payroll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The running service over real HTTP on real PostgreSQL: persistence, the one notification per payroll,
 * idempotency under a race, text in any script kept byte for byte, limits that only a real server shows, and what
 * actuator exposes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestcontainersConfiguration.class)
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureMetrics
class PayrollApiTests {

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient http;

    @Autowired
    PayrollRepository payrolls;

    @Test
    void createsReadsAndNotifiesOnce(CapturedOutput output) {
        EntityExchangeResult<byte[]> created = post("{\"shipTo\":\"Juablaz\",\"total\":320}", null)
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.shipTo").isEqualTo("Juablaz").jsonPath("$.total").isEqualTo(320.00)
                .returnResult();
        long id = idOf(created);
        assertThat(created.getResponseHeaders().getLocation()).hasToString("/payroll/" + id);

        http.get().uri("/payroll/{id}", id).exchange().expectStatus().isOk()
                .expectBody().json(new String(created.getResponseBody(), StandardCharsets.UTF_8));

        String line = "Notification sent to Juablaz: Payroll " + id + " shipped to Juablaz of 320";
        assertThat(countOf(output, line)).isEqualTo(1);
    }

    @Test
    void listsPayrollsNewestFirstPageByPage() {
        long first = idOf(post("{\"shipTo\":\"List-1\",\"total\":1}", null).expectStatus().isCreated().expectBody()
                .returnResult());
        long second = idOf(post("{\"shipTo\":\"List-2\",\"total\":2}", null).expectStatus().isCreated().expectBody()
                .returnResult());
        long total = payrolls.count();

        http.get().uri("/payroll?size=1").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.content.length()").isEqualTo(1)
                .jsonPath("$.content[0].id").isEqualTo(second)
                .jsonPath("$.page.totalElements").isEqualTo(total)
                .jsonPath("$.page.totalPages").isEqualTo(total);
        http.get().uri("/payroll?size=1&page=1").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.content[0].id").isEqualTo(first)
                .jsonPath("$.content[0].shipTo").isEqualTo("List-1");
    }

    /** Letters of any script, emoji and joined sequences come back exactly as sent: on create and on read. */
    @Test
    void namesInAnyScriptRoundTripByteForByte(CapturedOutput output) {
        String shipTo = "José Núñez 👩‍💻 محمد 北京 🏳️‍🌈";

        EntityExchangeResult<byte[]> created = post("{\"shipTo\":\"" + shipTo + "\",\"total\":1}", null)
                .expectStatus().isCreated().expectBody().jsonPath("$.shipTo").isEqualTo(shipTo).returnResult();
        byte[] read = http.get().uri("/payroll/{id}", idOf(created)).exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody();

        assertThat(read).isEqualTo(created.getResponseBody());
        assertThat(countOf(output, "Notification sent to " + shipTo + ": Payroll " + idOf(created) + " shipped to "
                + shipTo + " of 1")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Repeat", "Ana 👩‍💻", "Zoë", "e\u0301", "  spaced  ", "{total}" })
    void anIdenticalRepeatWithTheSameKeyAlwaysReplays(String shipTo, CapturedOutput output) {
        String key = "replay-" + Integer.toHexString(shipTo.hashCode());
        String body = "{\"shipTo\":\"" + shipTo + "\",\"total\":10.5}";

        long first = idOf(post(body, key).expectStatus().isCreated().expectHeader()
                .valueEquals("Idempotent-Replayed", "false").expectBody().returnResult());
        long second = idOf(post(body.replace("10.5", "10.50"), key).expectStatus().isCreated().expectHeader()
                .valueEquals("Idempotent-Replayed", "true").expectBody().returnResult());

        assertThat(second).isEqualTo(first);
        assertThat(countOf(output, ": Payroll " + first + " shipped")).isEqualTo(1);
    }

    @Test
    void sameKeyWithDifferentBodyIsRefused(CapturedOutput output) {
        long id = idOf(post("{\"shipTo\":\"Original\",\"total\":1}", "reused-1").expectBody().returnResult());

        post("{\"shipTo\":\"Other\",\"total\":1}", "reused-1").expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("already used for payroll " + id));
        assertThat(countOf(output, "Notification sent to Other")).isZero();
    }

    @Test
    void racingRequestsWithOneKeyCreateOnePayrollAndOneNotification(CapturedOutput output) throws Exception {
        int racers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<EntityExchangeResult<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            calls.add(() -> {
                start.await();
                return post("{\"shipTo\":\"Racer\",\"total\":99.99}", "race-1").expectBody().returnResult();
            });
        }
        List<EntityExchangeResult<byte[]>> responses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<EntityExchangeResult<byte[]>>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<EntityExchangeResult<byte[]>> future : futures) {
                responses.add(future.get());
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(responses).extracting(response -> response.getStatus().value()).containsOnly(201);
        assertThat(responses.stream().map(PayrollApiTests::idOf).distinct()).hasSize(1);
        assertThat(responses.stream().filter(r -> "false".equals(r.getResponseHeaders()
                .getFirst("Idempotent-Replayed")))).hasSize(1);
        assertThat(payrolls.findByIdempotencyKey("race-1")).isPresent();
        assertThat(countOf(output, "Notification sent to Racer: ")).isEqualTo(1);
    }

    @Test
    void rejectsOversizedChunkedBodyWithoutStoringIt(CapturedOutput output) throws Exception {
        long before = payrolls.count();
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + "/payroll").toURL()
                .openConnection();
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

    /** Over real HTTP, as a client sends it: nothing that would be stored differently from what was sent. */
    @ParameterizedTest
    @ValueSource(strings = { "{\"shipTo\":", "{\"shipTo\":\"a\\uD800\",\"total\":1}", "{\"shipTo\":\"a\\u202Eb\",\"total\":1}",
            "{\"shipTo\":\"\\u00A0\",\"total\":1}", "{\"shipTo\":\"a\",\"shipTo\":\"b\",\"total\":1}" })
    void badInputOverRealHttpIsProblemJsonAndStoresNothing(String body, CapturedOutput output) {
        long before = payrolls.count();

        post(body, null).expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(problem -> assertThat(problem).doesNotContain("Exception"));

        assertThat(payrolls.count()).isEqualTo(before);
    }

    @Test
    void actuatorExposesHealthWithDatabaseInfoAndPrometheusOnly() {
        post("{\"shipTo\":\"Metrics\",\"total\":1}", null).expectStatus().isCreated();

        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components.db").exists();
        http.get().uri("/actuator/info").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(prometheus -> assertThat(prometheus).contains("payrolls_total")
                        .contains("notifications_sent_total{implementation=\"monolith\""));
        for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/metrics")) {
            http.get().uri(hidden).exchange().expectStatus().isNotFound();
        }
    }

    private RestTestClient.ResponseSpec post(String body, String idempotencyKey) {
        return http.post().uri("/payroll").contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .body(body).exchange();
    }

    private static long idOf(EntityExchangeResult<byte[]> response) {
        String body = new String(response.getResponseBody(), StandardCharsets.UTF_8);
        return com.jayway.jsonpath.JsonPath.<Number>read(body, "$.id").longValue();
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
