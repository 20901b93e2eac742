package dev.parallelrun.canary;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Rolling updates watched from the analysis' side: a stand-in for the Docker Engine API (a service being updated, its
 * old and new running tasks, the rollback call) and for the tasks themselves (their metrics, as Micrometer writes
 * them; a task's spec as the Engine writes it, empty parts left out), and the parallel run's batch. Windows of one second; the real Engine, Swarm and gateway are CI's
 * (docs/swarm.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "rollout.enabled=true",
        "rollout.tick=100ms", "analysis.interval=1s", "analysis.min-requests=10", "analysis.verdict-interval=200ms" })
@AutoConfigureRestTestClient
class RolloutWatchTests {

    private static final Path FILES = temporaryFolder();
    private static final FakeVersion OLD = new FakeVersion();
    private static final FakeVersion NEW = new FakeVersion();
    private static final WireMockServer ENGINE = new WireMockServer(options().dynamicPort());
    private static final WireMockServer BATCH = new WireMockServer(options().dynamicPort());
    private static final String NEW_SPEC = "{\"Image\":\"parallel-run-lab/monolith-v2:next\",\"Env\":[\"A=2\"]}";
    private static final String OLD_SPEC = "{\"Image\":\"parallel-run-lab/monolith-v2:latest\",\"Env\":[\"A=1\"]}";

    static {
        ENGINE.start();
        BATCH.start();
    }

    @Autowired
    RestTestClient http;

    private ScheduledExecutorService traffic;
    private Instant testStart;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("analysis.route-file", () -> FILES.resolve("route"));
        registry.add("analysis.state-file", () -> FILES.resolve("canary-release.json"));
        registry.add("rollout.engine", () -> ENGINE.baseUrl() + "/v1.41");
        registry.add("rollout.services", () -> "monolith-v2");
        registry.add("spring.http.serviceclient.parallel-run-batch.base-url", BATCH::baseUrl);
    }

    @TestConfiguration
    static class Tasks {

        /** The stand-ins listen on ports of their own, where a swarm's tasks share one: each task's id names its. */
        @Bean
        @Primary
        RolloutWatch.TaskInstance standInTasks() {
            return task -> Map.of("old", OLD.uri(), "new", NEW.uri()).get(task.id());
        }
    }

    @BeforeEach
    void anUpdateInProgress() {
        testStart = Instant.now();
        verdict("true", "CONSISTENT");
        ENGINE.resetRequests();
        // The new task's spec as the Engine writes it, with empty parts; a task on another network is not seen.
        String asWritten = NEW_SPEC.replace("}", ",\"DNSConfig\":{},\"Mounts\":[]}");
        String elsewhere = task("elsewhere", NEW_SPEC).replace("lab_parallel-run-lab", "ingress");
        ENGINE.stubFor(get(urlPathEqualTo("/v1.41/tasks")).willReturn(json("[" + task("old", OLD_SPEC) + ","
                + task("new", asWritten) + "," + elsewhere + "]")));
        ENGINE.stubFor(post(urlPathEqualTo("/v1.41/services/lab_monolith-v2/update")).willReturn(json("{}")));
    }

    @AfterEach
    void stopTraffic() {
        if (traffic != null) {
            traffic.shutdownNow();
        }
        service("completed", "2026-01-01T00:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> !"WATCHING".equals(latest().path("status").asString("")));
    }

    @AfterAll
    static void stopStandIns() {
        OLD.close();
        NEW.close();
        ENGINE.stop();
        BATCH.stop();
    }

    @Test
    void aNewVersionAnsweringErrorsIsRolledBackThroughTheEngine() {
        service("updating", "2026-12-02T10:00:00Z");
        flow(8, 2, Duration.ofMillis(8));

        JsonNode rollout = awaitEnd();

        assertThat(rollout.get("status").asString()).isEqualTo("ROLLED_BACK");
        assertThat(rollout.get("outcome").asString()).startsWith("rolled back: errors failed: new version 5xx ")
                .contains("old version 0.0 %", "worse, by more than the +1.00 pp budget");
        ENGINE.verify(1, postRequestedFor(urlPathEqualTo("/v1.41/services/lab_monolith-v2/update"))
                .withQueryParam("version", equalTo("42")).withQueryParam("rollback", equalTo("previous"))
                .withRequestBody(equalToJson("{\"Name\":\"lab_monolith-v2\",\"TaskTemplate\":{\"ContainerSpec\":"
                        + NEW_SPEC + "}}")));
    }

    @Test
    void aHealthyNewVersionIsJudgedUntilSwarmHasUpdatedEveryTask() {
        service("updating", "2026-12-02T11:00:00Z");
        flow(10, 0, Duration.ofMillis(8));
        await().atMost(Duration.ofSeconds(20)).until(() -> latest().path("checks").toString().contains("\"errors\""));
        // The old side, which has served as much as the new one, read a few times more (a reading that times out on a
        // busy machine counts nothing).
        int reads = OLD.reads();
        await().atMost(Duration.ofSeconds(20)).until(() -> OLD.reads() >= reads + 3);

        // A quick update stops the last old task before the new side's window is over: it is judged against what the
        // old side served while it ran.
        ENGINE.stubFor(get(urlPathEqualTo("/v1.41/tasks")).willReturn(json("[" + task("new", NEW_SPEC) + "]")));
        await().atMost(Duration.ofSeconds(10)).until(() -> latest().path("checks").toString()
                .contains("against the old version's"));
        service("completed", "2026-12-02T11:00:00Z");
        JsonNode rollout = awaitEnd();

        assertThat(rollout.get("status").asString()).isEqualTo("COMPLETED");
        // The errors too: what the stopped old task served stays counted against the new side's.
        assertThat(rollout.get("outcome").asString()).startsWith("updated: no check failed (requests ")
                .contains("errors new version 5xx 0.0 %", "against the old version's")
                .containsPattern("old version 0\\.0 % \\(0 of [1-9][0-9]*\\)");
        ENGINE.verify(0, postRequestedFor(urlPathEqualTo("/v1.41/services/lab_monolith-v2/update")));
    }

    @Test
    void aNewVersionThatTurnsTheVerdictFalseIsRolledBack() {
        service("updating", "2026-12-02T12:00:00Z");
        flow(10, 0, Duration.ofMillis(8));
        await().atMost(Duration.ofSeconds(20)).until(() -> latest().path("checks").toString().contains("verdict is true"));

        verdict("false", "DIFFERENCES_OPEN");
        JsonNode rollout = awaitEnd();

        assertThat(rollout.get("status").asString()).isEqualTo("ROLLED_BACK");
        assertThat(rollout.get("outcome").asString()).startsWith("rolled back: parallel run failed: ");
        // Asked once: one watch judges each update.
        ENGINE.verify(1, postRequestedFor(urlPathEqualTo("/v1.41/services/lab_monolith-v2/update")));
    }

    @Test
    void anUpdateSwarmRollsBackItselfIsSaidSo() {
        service("updating", "2026-12-02T13:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WATCHING".equals(latest().path("status").asString("")));

        service("rollback_started", "2026-12-02T13:00:30Z", "update rolled back due to failure or early termination of task x");
        JsonNode rollout = awaitEnd();

        assertThat(rollout.get("status").asString()).isEqualTo("ROLLED_BACK_BY_SWARM");
        assertThat(rollout.get("outcome").asString()).isEqualTo("rolled back by Swarm: update rolled back due to "
                + "failure or early termination of task x");
        ENGINE.verify(0, postRequestedFor(urlPathEqualTo("/v1.41/services/lab_monolith-v2/update")));
    }

    /** Every 50 ms both sides serve: the old version always right, the new one with {@code errorsPerTick} 500s. */
    private void flow(int okPerTick, int errorsPerTick, Duration latency) {
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> {
            OLD.serve(okPerTick + errorsPerTick, 0, latency);
            NEW.serve(okPerTick, errorsPerTick, latency);
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    private static void service(String state, String startedAt) {
        service(state, startedAt, "update in progress");
    }

    private static void service(String state, String startedAt, String message) {
        ENGINE.stubFor(get(urlPathEqualTo("/v1.41/services/lab_monolith-v2")).willReturn(json("{\"ID\":\"x1\","
                + "\"Version\":{\"Index\":42},\"Spec\":{\"Name\":\"lab_monolith-v2\",\"TaskTemplate\":{\"ContainerSpec\":"
                + NEW_SPEC + "}},\"UpdateStatus\":{\"State\":\"" + state + "\",\"StartedAt\":\"" + startedAt
                + "\",\"Message\":\"" + message + "\"}}")));
    }

    private static String task(String id, String containerSpec) {
        return "{\"ID\":\"" + id + "\",\"Spec\":{\"ContainerSpec\":" + containerSpec + "},\"Status\":{\"State\":"
                + "\"running\"},\"NetworksAttachments\":[{\"Network\":{\"Spec\":{\"Name\":\"lab_parallel-run-lab\"}},"
                + "\"Addresses\":[\"10.0.1.5/24\"]}]}";
    }

    private static void verdict(String answer, String verdict) {
        BATCH.stubFor(get(urlPathEqualTo("/notification/comparation")).willReturn(json(answer)));
        BATCH.stubFor(get(urlPathEqualTo("/notification/comparation/report")).willReturn(json(
                "{\"verdict\":\"" + verdict + "\",\"consistent\":" + answer + ",\"summary\":\""
                        + verdict.toLowerCase() + "\",\"totals\":{}}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private JsonNode latest() {
        JsonNode rollouts = http.get().uri("/rollouts").exchange().expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        return rollouts.path(0);
    }

    /** This test's rolling update once it has ended (not the one the test before left ended). */
    private JsonNode awaitEnd() {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(this::latest,
                rollout -> rollout.has("status") && !"WATCHING".equals(rollout.get("status").asString())
                        && !Instant.parse(rollout.get("startedAt").asString()).isBefore(testStart));
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("rollout-watch");
        }
        catch (IOException failed) {
            throw new IllegalStateException(failed);
        }
    }
}
