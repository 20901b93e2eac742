package dev.parallelrun.monolith.payroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The database commits a payroll and its answer never comes back (the connection dies with the database as it
 * commits): the request cannot tell, answers 503 "retry with the same Idempotency-Key", and nothing that waits for a
 * commit runs. The payroll is looked up once the database answers: found, its user is notified then, once; the
 * retry finds it and notifies nobody again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "payroll.in-doubt-check-interval=200ms")
@Import({ TestcontainersConfiguration.class, CommitAnswerLostTests.LosingCommitAnswers.class })
@ExtendWith(OutputCaptureExtension.class)
class CommitAnswerLostTests {

    static final AtomicBoolean loseNextCommitAnswer = new AtomicBoolean();

    @LocalServerPort
    int port;

    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void client() {
        http = SingleAttemptClient.on(port);
    }

    @Test
    void aPayrollCommittedWhoseAnswerWasLostIsNotifiedOnceAndFoundByTheRetry(CapturedOutput output) {
        String body = "{\"shipTo\":\"in doubt\",\"total\":12.5}";
        double counted = created();
        loseNextCommitAnswer.set(true);
        http.post().uri("/payroll").header("Idempotency-Key", "lost-answer").contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("The service is temporarily unavailable; retry later "
                        + "with the same Idempotency-Key");
        long id = jdbc.sql("SELECT id FROM payroll WHERE idempotency_key = 'lost-answer'").query(Long.class).single();

        await().atMost(Duration.ofSeconds(10)).until(() -> notifications(output, id) == 1);

        http.post().uri("/payroll").header("Idempotency-Key", "lost-answer").contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().jsonPath("$.id").isEqualTo(id);
        assertThat(output.getOut()).contains("Payroll " + id + " was committed although its request answered 503");
        assertThat(notifications(output, id)).as("notified again by the retry").isEqualTo(1);
        assertThat(created()).as("payrolls counted").isEqualTo(counted + 1);
    }

    @Test
    void aCommitThatFailedBeforeTheDatabaseMadeItIsForgotten(CapturedOutput output) {
        long before = jdbc.sql("SELECT count(*) FROM payroll").query(Long.class).single();
        double counted = created();
        loseNextCommitAnswer.set(true);
        LosingCommitAnswers.rollBackInstead.set(true);
        http.post().uri("/payroll").contentType(MediaType.APPLICATION_JSON).body("{\"shipTo\":\"never\",\"total\":1}")
                .exchange().expectStatus().isEqualTo(503);

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("was not committed"));
        assertThat(jdbc.sql("SELECT count(*) FROM payroll").query(Long.class).single()).isEqualTo(before);
        assertThat(output.getOut()).doesNotContain("Notification sent to never");
        assertThat(created()).as("payrolls counted").isEqualTo(counted);
    }

    private double created() {
        return meters.get("payrolls").counter().count();
    }

    private static long notifications(CapturedOutput output, long payrollId) {
        return output.getOut().lines().filter(line -> line.contains("Notification sent to")
                && line.contains(": Payroll " + payrollId + " shipped")).count();
    }

    /**
     * The pool's connections, whose next commit, once armed, is made (or, with {@code rollBackInstead}, rolled
     * back) and then fails as a connection that died before the database's answer came back.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class LosingCommitAnswers {

        static final AtomicBoolean rollBackInstead = new AtomicBoolean();

        @Bean
        static BeanPostProcessor losingCommitAnswers() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource && !(bean instanceof DelegatingDataSource)
                            ? new DelegatingDataSource(dataSource) {
                                @Override
                                public Connection getConnection() throws SQLException {
                                    return losingCommitAnswer(super.getConnection());
                                }
                            }
                            : bean;
                }
            };
        }

        static Connection losingCommitAnswer(Connection connection) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] { Connection.class }, (proxy, method, args) -> {
                        if (method.getName().equals("commit") && loseNextCommitAnswer.getAndSet(false)) {
                            if (rollBackInstead.getAndSet(false)) {
                                connection.rollback();
                            }
                            else {
                                connection.commit();
                            }
                            throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                        }
                        try {
                            return method.invoke(connection, args);
                        }
                        catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
