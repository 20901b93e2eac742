package dev.parallelrun.monolith.candidate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.parallelrun.monolith.TestcontainersConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Stage 3, the final version: the monolith no longer notifies; every event goes to the (live) microservice. It
 * delivers only the events its own mode wrote, never those a parallel-run instance still owns.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "notification.mode=microservice", "candidate.relay-interval=100ms" })
@Import(TestcontainersConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class MicroserviceModeTests {

    static WireMockServer candidate = new WireMockServer(options().port(0));

    static {
        candidate.start();
        candidate.stubFor(post("/notifications").willReturn(aResponse().withStatus(201)));
    }

    @DynamicPropertySource
    static void candidateUrl(DynamicPropertyRegistry registry) {
        registry.add("candidate.url", () -> "http://127.0.0.1:" + candidate.port());
    }

    @AfterAll
    static void stopCandidate() {
        candidate.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void onlyTheMicroserviceNotifies(CapturedOutput output) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/payroll"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"shipTo\":\"Final\",\"total\":7}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        assertThat(id.find()).isTrue();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> candidate.verify(postRequestedFor(
                urlEqualTo("/notifications")).withRequestBody(equalToJson(
                "{\"payrollId\":" + id.group(1) + ",\"shipTo\":\"Final\",\"total\":7.00}"))));
        assertThat(output.getOut()).doesNotContain("Notification sent");
        assertThat(jdbc.sql("SELECT count(*) FROM notification").query(Long.class).single()).isZero();
    }

    @Test
    void leavesEventsOfTheParallelRunToTheParallelRunInstance() {
        long payrollId = jdbc.sql("""
                INSERT INTO payroll (ship_to, total, created_at) VALUES ('Stage two', 1, now()) RETURNING id""")
                .query(Long.class).single();
        jdbc.sql("INSERT INTO candidate_delivery (payroll_id, mode) VALUES (?, 'PARALLEL_RUN')").param(payrollId)
                .update();
        long marker = jdbc.sql("""
                INSERT INTO payroll (ship_to, total, created_at) VALUES ('Marker', 1, now()) RETURNING id""")
                .query(Long.class).single();
        jdbc.sql("INSERT INTO candidate_delivery (payroll_id, mode) VALUES (?, 'MICROSERVICE')").param(marker)
                .update();

        // Once the sweep has delivered this instance's own event, it has seen the other one and left it alone.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT delivered_at IS NOT NULL FROM candidate_delivery WHERE payroll_id = ?").param(marker)
                .query(Boolean.class).single());
        assertThat(jdbc.sql("SELECT delivered_at IS NULL AND attempts = 0 FROM candidate_delivery WHERE payroll_id = ?")
                .param(payrollId).query(Boolean.class).single()).isTrue();
    }
}
