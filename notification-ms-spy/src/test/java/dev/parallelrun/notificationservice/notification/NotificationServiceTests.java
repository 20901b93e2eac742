package dev.parallelrun.notificationservice.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.notificationservice.TestcontainersConfiguration;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The spy over real HTTP on real PostgreSQL: records once per payroll id, never sends. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestcontainersConfiguration.class)
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class NotificationServiceTests {

    @Autowired
    RestTestClient http;

    @Autowired
    NotificationRepository notifications;

    @Autowired
    JdbcClient jdbc;

    @Test
    void recordsWithoutSendingAndReadsBack(CapturedOutput output) {
        postEvent("{\"payrollId\":101,\"shipTo\":\"Juablaz\",\"total\":320}").expectStatus().isCreated()
                .expectBody().jsonPath("$.message").isEqualTo("Payroll 101 shipped to Juablaz of 320")
                .jsonPath("$.delivery").isEqualTo("SPY");

        http.get().uri("/notifications/101").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.message").isEqualTo("Payroll 101 shipped to Juablaz of 320");
        assertThat(lines(output, "Notifications recorded (spy, not sent): 1 for payroll 101")).isEqualTo(1);
        assertThat(lines(output, "Notification sent")).isZero();
    }

    /** A preview is built with the service's own template, as often as asked, and leaves no trace. */
    @Test
    void aPreviewIsBuiltButNeitherRecordedNorSent(CapturedOutput output) {
        long before = notifications.count();
        for (int i = 0; i < 2; i++) {
            http.post().uri("/notifications/preview").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"payrollId\":151,\"shipTo\":\"{total}\",\"total\":320.50}").exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.payrollId").isEqualTo(151)
                    .jsonPath("$.recipient").isEqualTo("{total}")
                    .jsonPath("$.message").isEqualTo("Payroll 151 shipped to {total} of 320.5");
        }
        assertThat(notifications.count()).isEqualTo(before);
        http.get().uri("/notifications/151").exchange().expectStatus().isNotFound();
        assertThat(lines(output, "Notification sent")).isZero();
        assertThat(lines(output, "for payroll 151")).isZero();
    }

    /** The comparison batch reads records by their creation time, which must be the database's own. */
    @Test
    void theCreationTimeIsTheDatabasesAsTheRowIsWritten() {
        Instant before = databaseNow();
        Instant answered = postEvent("{\"payrollId\":106,\"shipTo\":\"Clock\",\"total\":1}")
                .expectStatus().isCreated().expectBody(NotificationResponse.class).returnResult().getResponseBody()
                .createdAt();
        Instant after = databaseNow();

        Instant stored = jdbc.sql("SELECT created_at FROM notification WHERE payroll_id = 106")
                .query(Timestamp.class).single().toInstant();
        assertThat(answered).isEqualTo(stored).isBetween(before, after);
    }

    @Test
    void namesInAnyScriptRoundTripByteForByte() {
        String shipTo = "José Núñez 👩‍💻 محمد 北京";
        String event = "{\"payrollId\":107,\"shipTo\":\"" + shipTo + "\",\"total\":1}";

        byte[] created = postEvent(event).expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        byte[] read = http.get().uri("/notifications/107").exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody();

        assertThat(new String(created, StandardCharsets.UTF_8))
                .contains("\"recipient\":\"" + shipTo + "\"")
                .contains("\"message\":\"Payroll 107 shipped to " + shipTo + " of 1\"");
        assertThat(read).isEqualTo(created);
    }

    @Test
    void repeatedEventIsANoOp(CapturedOutput output) {
        postEvent("{\"payrollId\":102,\"shipTo\":\"Twice\",\"total\":1.5}").expectStatus().isCreated();

        postEvent("{\"payrollId\":102,\"shipTo\":\"Twice\",\"total\":1.50}").expectStatus().isOk();

        assertThat(lines(output, "for payroll 102")).as("recorded once").isEqualTo(1);
        assertThat(notifications.findById(102L)).isPresent();
    }

    @Test
    void conflictingEventForARecordedPayrollIsRefused() {
        postEvent("{\"payrollId\":103,\"shipTo\":\"First\",\"total\":1}").expectStatus().isCreated();

        postEvent("{\"payrollId\":103,\"shipTo\":\"Second\",\"total\":1}").expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(notifications.findById(103L).orElseThrow().getRecipient()).isEqualTo("First");
    }

    @Test
    void racingRepeatsRecordOnce(CapturedOutput output) throws Exception {
        int racers = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<Integer>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return postEvent("{\"payrollId\":104,\"shipTo\":\"Racer\",\"total\":2}").returnResult()
                            .getStatus().value();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(lines(output, "for payroll 104")).as("recorded once").isEqualTo(1);
    }

    /** How the monolith delivers its outbox: every event answered on its own, the valid ones recorded at once. */
    @Test
    void aBatchIsRecordedEventByEvent(CapturedOutput output) {
        postEvent("{\"payrollId\":201,\"shipTo\":\"Before\",\"total\":1}").expectStatus().isCreated();
        postEvent("{\"payrollId\":202,\"shipTo\":\"Before\",\"total\":1}").expectStatus().isCreated();

        http.post().uri("/notifications/batch").contentType(MediaType.APPLICATION_JSON).body("""
                {"events":[
                  {"payrollId":200,"shipTo":"New","total":2.5},
                  {"payrollId":201,"shipTo":"Before","total":1.00},
                  {"payrollId":202,"shipTo":"Someone else","total":1},
                  {"payrollId":203,"shipTo":"a\\u202Eb","total":1},
                  {"payrollId":204,"shipTo":"{total}","total":3}]}""").exchange()
                .expectStatus().isOk()
                .expectBody().json("""
                        {"outcomes":[
                          {"payrollId":200,"outcome":"RECORDED","detail":null},
                          {"payrollId":201,"outcome":"DUPLICATE","detail":null},
                          {"payrollId":202,"outcome":"CONFLICT",
                           "detail":"Payroll 202 was already notified with a different shipTo or total"},
                          {"payrollId":203,"outcome":"INVALID",
                           "detail":"Invalid event: shipTo must not contain bidirectional controls (U+202E at index 1)"},
                          {"payrollId":204,"outcome":"RECORDED","detail":null}]}""", JsonCompareMode.STRICT);

        http.get().uri("/notifications/204").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.message").isEqualTo("Payroll 204 shipped to {total} of 3");
        http.get().uri("/notifications/203").exchange().expectStatus().isNotFound();
        assertThat(notifications.findById(202L).orElseThrow().getRecipient()).isEqualTo("Before");
        assertThat(lines(output, "Notifications recorded (spy, not sent): 2 for payrolls 200 to 204")).isEqualTo(1);
    }

    @Test
    void fiveHundredEventsInOneCall() {
        StringBuilder events = new StringBuilder();
        for (int id = 1_001; id <= 1_500; id++) {
            events.append(id == 1_001 ? "" : ",").append("{\"payrollId\":").append(id)
                    .append(",\"shipTo\":\"Bulk\",\"total\":1}");
        }

        http.post().uri("/notifications/batch").contentType(MediaType.APPLICATION_JSON)
                .body("{\"events\":[" + events + "]}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.outcomes.length()").isEqualTo(500)
                .jsonPath("$.outcomes[?(@.outcome != 'RECORDED')]").isEmpty();

        assertThat(jdbc.sql("SELECT count(*) FROM notification WHERE payroll_id BETWEEN 1001 AND 1500")
                .query(Long.class).single()).isEqualTo(500);
    }

    @Test
    void badEventStoresNothing() {
        long before = notifications.count();

        postEvent("{\"payrollId\":105,\"shipTo\":\"\\u00A0\",\"total\":1}").expectStatus().isBadRequest();
        postEvent("{\"payrollId\":105,\"shipTo\":\"a\\u202Eb\",\"total\":1}").expectStatus().isBadRequest();

        assertThat(notifications.count()).isEqualTo(before);
    }

    private RestTestClient.ResponseSpec postEvent(String body) {
        return http.post().uri("/notifications").contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }

    private Instant databaseNow() {
        return jdbc.sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
    }

    static long lines(CapturedOutput output, String text) {
        return output.getOut().lines().filter(line -> line.contains(text)).count();
    }
}
