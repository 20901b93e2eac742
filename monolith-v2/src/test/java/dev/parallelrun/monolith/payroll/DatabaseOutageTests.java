package dev.parallelrun.monolith.payroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The monolith's database stops under load and comes back. Meanwhile every request answers quickly, 201 or 503
 * problem+json with {@code Retry-After} (never 500, never a wait a proxy would time out); afterwards the service
 * recovers by itself, and every payroll it answered 201 for is kept and notified once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "notification.mode=parallel-run")
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageTests {

    /** Well under the proxy's 10 s read timeout, and what a person would still call quick. */
    private static final Duration QUICK_ENOUGH = Duration.ofSeconds(4);

    /** A fixed host port, so the pool finds the database where it was once it is started again. */
    @ServiceConnection
    static PostgreSQLContainer database = new PostgreSQLContainer(DockerImageName.parse(
            System.getenv().getOrDefault("POSTGRES_IMAGE", "postgres:17-alpine")).asCompatibleSubstituteFor("postgres"))
            .withCreateContainerCmdModifier(command -> command.getHostConfig().withPortBindings(
                    new PortBinding(Ports.Binding.bindPort(freePort()), new ExposedPort(5432))));

    static {
        database.start();
    }

    @AfterAll
    static void stopDatabase() {
        database.stop();
    }

    record Answer(int status, long millis, String contentType, String retryAfter, Long payrollId) {
    }

    @LocalServerPort
    int port;

    RestTestClient http;

    @Autowired
    PayrollRepository payrolls;

    @BeforeEach
    void client() {
        http = SingleAttemptClient.on(port);
    }

    @Test
    void aStoppedDatabaseIsAQuick503AndTheServiceRecoversByItself(CapturedOutput output) throws Exception {
        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int client = 0; client < 4; client++) {
            int c = client;
            clients.submit(() -> {
                for (int i = 0; loading.get(); i++) {
                    answers.add(send("outage-" + c + "-" + i));
                }
            });
        }
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> created(answers) >= 20);
            database.getDockerClient().stopContainerCmd(database.getContainerId()).withTimeout(2).exec();
            await().atMost(Duration.ofSeconds(20)).until(() -> answers.stream().filter(a -> a.status() == 503).count() >= 20);
            database.getDockerClient().startContainerCmd(database.getContainerId()).exec();
            int createdBeforeRecovery = answers.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> answers.stream().skip(createdBeforeRecovery)
                    .filter(a -> a.status() == 201).count() >= 20);
        }
        finally {
            loading.set(false);
            clients.shutdown();
            clients.awaitTermination(10, TimeUnit.SECONDS);
        }

        List<Answer> all = List.copyOf(answers);
        assertThat(all).extracting(Answer::status).containsOnly(201, 503);
        assertThat(all).allSatisfy(answer -> assertThat(answer.millis()).as("answered in ms")
                .isLessThan(QUICK_ENOUGH.toMillis()));
        // Unavailable (Retry-After 2) while the database is down; busy (1) for a request that found every connection
        // taken while the pool was filling again with the database back.
        assertThat(all).filteredOn(a -> a.status() == 503).allSatisfy(unavailable -> {
            assertThat(unavailable.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(unavailable.retryAfter()).isIn("1", "2");
        }).extracting(Answer::retryAfter).contains("2");
        List<Long> created = all.stream().filter(a -> a.status() == 201).map(Answer::payrollId).toList();
        assertThat(payrolls.findAllById(created)).hasSize(created.size());
        for (long id : created) {
            assertThat(output.getOut().lines().filter(line -> line.contains(": Payroll " + id + " shipped"))
                    .count()).as("notifications of payroll %d", id).isEqualTo(1);
        }
    }

    private Answer send(String shipTo) {
        long started = System.nanoTime();
        EntityExchangeResult<byte[]> result = http.post().uri("/payroll").contentType(MediaType.APPLICATION_JSON)
                .body("{\"shipTo\":\"" + shipTo + "\",\"total\":1}").exchange().expectBody().returnResult();
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        Long id = result.getStatus().value() == 201
                ? com.jayway.jsonpath.JsonPath.<Number>read(new String(result.getResponseBody()), "$.id").longValue()
                : null;
        return new Answer(result.getStatus().value(), millis,
                String.valueOf(result.getResponseHeaders().getContentType()),
                result.getResponseHeaders().getFirst("Retry-After"), id);
    }

    private static long created(Queue<Answer> answers) {
        return answers.stream().filter(a -> a.status() == 201).count();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
