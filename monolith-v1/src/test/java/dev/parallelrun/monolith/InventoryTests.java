package dev.parallelrun.monolith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the service on one database, as {@code docker compose up --scale} runs them: each names itself
 * on every answer and counts what it served, and either one answers for both in {@code GET /inventory}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "served-by.instance=first", "served-by.publish-interval=100ms" })
@Import(TestcontainersConfiguration.class)
@AutoConfigureRestTestClient
@AutoConfigureMetrics
class InventoryTests {

    @Autowired
    RestTestClient first;

    @Autowired
    JdbcConnectionDetails database;

    @Test
    void eachInstanceCountsItselfAndAnswersForTheWholeVersion() {
        long runningWithBoth;
        long servedByBoth;
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(MonolithV1Application.class).run(
                "--server.port=0", "--spring.datasource.url=" + database.getJdbcUrl(),
                "--spring.datasource.username=" + database.getUsername(),
                "--spring.datasource.password=" + database.getPassword(),
                "--served-by.instance=second", "--served-by.node=lab-node-2", "--served-by.publish-interval=100ms")) {
            RestTestClient second = RestTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + other.getEnvironment().getProperty("local.server.port")).build();
            JsonNode before = inventory(first);

            for (int i = 0; i < 3; i++) {
                first.get().uri("/payroll").exchange().expectStatus().isOk()
                        .expectHeader().valueEquals("X-Served-By", "monolith-v1/first");
            }
            for (int i = 0; i < 2; i++) {
                second.get().uri("/payroll/0").exchange().expectStatus().isNotFound()
                        .expectHeader().valueEquals("X-Served-By", "monolith-v1/second");
            }

            JsonNode now = inventory(first);
            assertThat(now.get("service").asString()).isEqualTo("monolith-v1");
            assertThat(now.get("instance").asString()).isEqualTo("first");
            assertThat(now.get("version").asString()).isNotBlank().isNotEqualTo("unknown");
            assertThat(now.get("served").asLong()).isEqualTo(before.get("served").asLong() + 3);
            // the node, when the cluster names it (a swarm stack does); nothing otherwise
            assertThat(now.get("node").isNull()).isTrue();
            assertThat(inventory(second).get("node").asString()).isEqualTo("lab-node-2");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode cluster = inventory(first).get("cluster");
                assertThat(cluster.get("served").asLong()).isEqualTo(before.get("cluster").get("served").asLong() + 5);
                assertThat(cluster.get("instances").asLong()).isGreaterThanOrEqualTo(2);
            });
            assertThat(inventory(second).get("cluster").get("served").asLong())
                    .isEqualTo(inventory(first).get("cluster").get("served").asLong());
            runningWithBoth = inventory(first).get("cluster").get("instances").asLong();
            servedByBoth = inventory(first).get("cluster").get("served").asLong();
        }
        // The second instance stops: it no longer runs, and what it served still counts for the version.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode cluster = inventory(first).get("cluster");
            assertThat(cluster.get("instances").asLong()).isEqualTo(runningWithBoth - 1);
            assertThat(cluster.get("served").asLong()).isEqualTo(servedByBoth);
        });
        first.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(text -> assertThat(text).contains("served_requests_total{instance_id=\"first\",service=\"monolith-v1\"}"));
    }

    /**
     * A canary's split is sticky by user, and each user's requests spread over the instances of their side: a side's
     * users are its instances' sketches merged, each user once however many instances served them.
     */
    @Test
    void aVersionsUsersAreItsInstancesSketchesMergedEachUserOnce() {
        long since = System.currentTimeMillis();
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(MonolithV1Application.class).run(
                "--server.port=0", "--spring.datasource.url=" + database.getJdbcUrl(),
                "--spring.datasource.username=" + database.getUsername(),
                "--spring.datasource.password=" + database.getPassword(), "--served-by.instance=third")) {
            RestTestClient second = RestTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + other.getEnvironment().getProperty("local.server.port")).build();
            // ana and ben on one instance, ben (again) and eva on the other; an operator's request is nobody's
            for (String user : new String[] { "ana", "ben", "ben" }) {
                first.get().uri("/payroll").header("X-User-Id", user).exchange().expectStatus().isOk();
            }
            for (String user : new String[] { "ben", "eva" }) {
                second.get().uri("/payroll/0").header("X-User-Id", user).exchange().expectStatus().isNotFound();
            }
            first.get().uri("/actuator/health").header("X-User-Id", "operator").exchange();
            second.get().uri("/payroll").exchange().expectStatus().isOk();

            JsonNode onFirst = users(first, since);
            JsonNode onSecond = users(second, since);
            assertThat(onFirst.get("users").asLong()).isEqualTo(2);
            assertThat(onSecond.get("users").asLong()).isEqualTo(2);
            UltraLogLog version = sketch(onFirst).add(sketch(onSecond));
            assertThat(Math.round(version.getDistinctCountEstimate())).isEqualTo(3);
            assertThat(users(first, System.currentTimeMillis() + 2_000).get("users").asLong())
                    .as("none from a later second on").isZero();
        }
    }

    private static JsonNode users(RestTestClient instance, long since) {
        return instance.get().uri("/actuator/users/" + since).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static UltraLogLog sketch(JsonNode users) {
        return UltraLogLog.wrap(Base64.getDecoder().decode(users.get("sketch").asString())).copy();
    }

    private static JsonNode inventory(RestTestClient instance) {
        return instance.get().uri("/inventory").exchange().expectStatus().isOk()
                .expectHeader().exists("X-Served-By").expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
