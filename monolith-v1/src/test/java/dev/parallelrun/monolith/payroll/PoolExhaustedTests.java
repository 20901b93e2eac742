package dev.parallelrun.monolith.payroll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;

/**
 * Every connection of the pool busy while the database answers is overload, not an outage: 503 "Service busy" with a
 * one-second Retry-After, as soon as the pool's wait is over, and nothing stored. (The database stopped is
 * DatabaseOutageTests' "Service unavailable".) The pool here holds one connection, which the test takes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.hikari.maximum-pool-size=1", "spring.datasource.hikari.connection-timeout=300" })
@Import(TestcontainersConfiguration.class)
class PoolExhaustedTests {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    PayrollRepository payrolls;

    @Test
    void aPoolWithNoFreeConnectionAnswersBusyNotUnavailable() throws Exception {
        long before = payrolls.count();
        long started;
        try (Connection taken = dataSource.getConnection()) {
            started = System.nanoTime();
            SingleAttemptClient.on(port).post().uri("/payroll").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"shipTo\":\"Juablaz\",\"total\":320}").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectBody().jsonPath("$.title").isEqualTo("Service busy")
                    .jsonPath("$.detail").isEqualTo("The service is at capacity; retry after 1 s with the same "
                            + "Idempotency-Key");
            // The pool's 300 ms wait, then the answer, not a hang: well within the proxy's 10 s, with room for a
            // machine busy with other work.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(taken.isValid(1)).isTrue();
        }
        assertThat(payrolls.count()).isEqualTo(before);
    }
}
