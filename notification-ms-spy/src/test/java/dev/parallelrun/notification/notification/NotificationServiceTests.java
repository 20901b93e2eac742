package dev.parallelrun.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.notification.TestcontainersConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** The spy over real HTTP on real PostgreSQL: records once per payroll id, never sends. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestcontainersConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class NotificationServiceTests {

    @LocalServerPort
    int port;

    @Autowired
    NotificationRepository notifications;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void recordsWithoutSendingAndReadsBack(CapturedOutput output) throws Exception {
        HttpResponse<String> received = postEvent("{\"payrollId\":101,\"shipTo\":\"Juablaz\",\"total\":320}");

        assertThat(received.statusCode()).isEqualTo(201);
        assertThat(received.body()).contains("\"message\":\"Payroll 101 shipped to Juablaz of 320\"")
                .contains("\"delivery\":\"SPY\"");
        assertThat(get("/notifications/101").body()).contains("Payroll 101 shipped to Juablaz of 320");
        assertThat(lines(output, "Notification recorded (spy, not sent) for Juablaz: Payroll 101 ")).isEqualTo(1);
        assertThat(lines(output, "Notification sent")).isZero();
    }

    @Test
    void repeatedEventIsANoOp(CapturedOutput output) throws Exception {
        postEvent("{\"payrollId\":102,\"shipTo\":\"Twice\",\"total\":1.5}");

        HttpResponse<String> repeat = postEvent("{\"payrollId\":102,\"shipTo\":\"Twice\",\"total\":1.50}");

        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(lines(output, "for Twice: Payroll 102")).isEqualTo(1);
        assertThat(notifications.findById(102L)).isPresent();
    }

    @Test
    void conflictingEventForARecordedPayrollIsRefused() throws Exception {
        postEvent("{\"payrollId\":103,\"shipTo\":\"First\",\"total\":1}");

        HttpResponse<String> conflicting = postEvent("{\"payrollId\":103,\"shipTo\":\"Second\",\"total\":1}");

        assertThat(conflicting.statusCode()).isEqualTo(409);
        assertThat(conflicting.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(notifications.findById(103L).orElseThrow().getRecipient()).isEqualTo("First");
    }

    @Test
    void racingRepeatsRecordOnce(CapturedOutput output) throws Exception {
        int racers = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return postEvent("{\"payrollId\":104,\"shipTo\":\"Racer\",\"total\":2}");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                statuses.add(future.get().statusCode());
            }
            assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(lines(output, "for Racer: Payroll 104")).isEqualTo(1);
    }

    @Test
    void badEventStoresNothing() throws Exception {
        long before = notifications.count();

        HttpResponse<String> bad = postEvent("{\"payrollId\":105,\"shipTo\":\"\",\"total\":1}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(notifications.count()).isEqualTo(before);
    }

    private HttpResponse<String> postEvent(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/notifications"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static long lines(CapturedOutput output, String text) {
        return output.getOut().lines().filter(line -> line.contains(text)).count();
    }
}
