package dev.parallelrun.monolith.payroll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Another transaction holds the row a payroll needs (here its Idempotency-Key, as a request cut off with its node
 * leaves it until PostgreSQL ends that transaction): the request answers 503 after the lock timeout, and the server
 * keeps no statement waiting behind it, which, one per request, would fill its connection slots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestcontainersConfiguration.class)
class HeldRowTests {

    @LocalServerPort
    int port;

    RestTestClient http;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void client() {
        http = SingleAttemptClient.on(port);
    }

    @Test
    void aKeyAnotherTransactionHoldsIsA503AfterTheLockTimeoutWithNothingLeftWaiting() throws Exception {
        String body = "{\"shipTo\":\"held\",\"total\":3}";
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement insert = holder.prepareStatement("INSERT INTO payroll (ship_to, total, "
                    + "idempotency_key, created_at) VALUES ('held', 3, 'held-key', now())")) {
                insert.executeUpdate();
            }
            long started = System.nanoTime();
            http.post().uri("/payroll").header("Idempotency-Key", "held-key").contentType(MediaType.APPLICATION_JSON)
                    .body(body).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("Retry-After");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for the held row")
                    .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
            assertThat(jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                    .query(Long.class).single()).as("statements still waiting in the server").isZero();
            holder.rollback();
        }
        http.post().uri("/payroll").header("Idempotency-Key", "held-key").contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "false");
    }
}
