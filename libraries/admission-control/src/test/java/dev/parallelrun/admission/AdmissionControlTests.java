package dev.parallelrun.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An instance at its limit, over real HTTP: what it lets in, what waits, what it refuses and how, and what is never
 * limited. The limit is pinned to 2 (minimum = maximum), with one place in the backlog for 5 s: long enough that a
 * refusal at once and one after the backlog's wait stay apart on a machine busy with other work (a refusal at once
 * took 1.3 s in a test JVM just started beside a lab's JVMs warming up; 2 s was too close).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=monolith-v9", "spring.mvc.problemdetails.enabled=true",
        "admission.initial-limit=2", "admission.min-limit=2", "admission.max-limit=2", "admission.backlog=1",
        "admission.backlog-timeout=5s", "admission.exempt=/actuator,/open" })
class AdmissionControlTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    TestApplication.Slow slow;

    @Autowired
    MeterRegistry meters;

    /** Lets every request still held or waiting go, and starts the next test from an idle instance. */
    @AfterEach
    void drain() {
        slow.release();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gauge("admission.in.flight") == 0 && gauge("admission.waiting") == 0);
        slow.reset();
    }

    @Test
    void pastTheLimitAndItsBacklogARequestIsRefusedAtOnceWithRetryAfter() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, 2).mapToObj(i -> get("/slow")).toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> slow.started.get() == 2);
        CompletableFuture<HttpResponse<String>> waiting = get("/slow");
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("admission.waiting") == 1);
        double rejectedBefore = meters.get("admission.rejected").counter().count();

        long started = System.nanoTime();
        HttpResponse<String> refused = get("/slow").get(5, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(millis).as("refused at once, not after the backlog's 5 s").isLessThan(3_000);
        assertThat(waiting).as("refused while the one in the backlog still waits for a place").isNotDone();
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("\"title\":\"Service busy\"", "\"status\":503",
                "\"detail\":\"monolith-v9 is at capacity (2 requests in progress); retry after 1 s\"");
        // ... and the one in the backlog too, if its 5 s have passed
        assertThat(meters.get("admission.rejected").counter().count()).isBetween(rejectedBefore + 1, rejectedBefore + 2);

        slow.release();
        for (CompletableFuture<HttpResponse<String>> each : held) {
            assertThat(each.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(waiting.get(5, TimeUnit.SECONDS).statusCode()).as("the one in the backlog, let in when a place "
                + "freed within its 5 s, or refused after them").isIn(200, 503);
    }

    @Test
    void aRequestWaitingInTheBacklogLongerThanItsTimeoutIsRefused() throws Exception {
        IntStream.range(0, 2).forEach(i -> get("/slow"));
        await().atMost(Duration.ofSeconds(20)).until(() -> slow.started.get() == 2);

        long started = System.nanoTime();
        HttpResponse<String> refused = get("/slow").get(20, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(millis).as("after waiting its 5 s for a place").isBetween(4_900L, 15_000L);
    }

    @Test
    void theOperatorsEndpointsAndExemptPathsAnswerWhileTheLimitIsReached() throws Exception {
        IntStream.range(0, 2).forEach(i -> get("/slow"));
        await().atMost(Duration.ofSeconds(20)).until(() -> slow.started.get() == 2);

        assertThat(get("/actuator/health").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(get("/open").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(gauge("admission.limit")).isEqualTo(2);
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestApplication.Slow.class)
    static class TestApplication {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        /** Holds every request until the test lets them go. */
        @RestController
        static class Slow {

            final AtomicInteger started = new AtomicInteger();
            private volatile CountDownLatch gate = new CountDownLatch(1);

            @GetMapping("/slow")
            String slow() throws InterruptedException {
                CountDownLatch held = gate;
                started.incrementAndGet();
                held.await(10, TimeUnit.SECONDS);
                return "done";
            }

            @GetMapping("/open")
            String open() {
                return "open";
            }

            void release() {
                gate.countDown();
            }

            void reset() {
                started.set(0);
                gate = new CountDownLatch(1);
            }
        }
    }
}
