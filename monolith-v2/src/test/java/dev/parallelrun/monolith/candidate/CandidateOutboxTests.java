package dev.parallelrun.monolith.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import dev.parallelrun.monolith.notification.NotificationProperties;
import dev.parallelrun.monolith.payroll.PayrollCreated;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The outbox's claims, leases and back-offs on real PostgreSQL, without any sender running. */
@JdbcTest(properties = "notification.mode=parallel-run")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({ TestcontainersConfiguration.class, CandidateOutbox.class })
@EnableConfigurationProperties(NotificationProperties.class)
class CandidateOutboxTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Autowired
    CandidateOutbox outbox;

    @Autowired
    JdbcClient jdbc;

    long inFlight;
    long waiting;

    @BeforeEach
    void twoEvents() {
        inFlight = payroll("Ana");
        waiting = payroll("{total}");
    }

    @Test
    void theRowCarriesTheEventItself() {
        assertThat(outbox.claim(10, LEASE)).extracting(PendingDelivery::event).containsExactlyInAnyOrder(
                new PayrollShippedEvent(inFlight, "Ana", new BigDecimal("12.50")),
                new PayrollShippedEvent(waiting, "{total}", new BigDecimal("12.50")));
    }

    @Test
    void makingWaitingEventsDueLeavesEventsInFlightAlone() {
        assertThat(outbox.claim(2, LEASE)).hasSize(2);
        outbox.scheduleRetries(Map.of(waiting, Duration.ofMinutes(5)), "HTTP 503");

        assertThat(outbox.makePendingDue()).isEqualTo(1);

        assertThat(outbox.claim(10, LEASE)).extracting(PendingDelivery::payrollId).as("the event in flight is still leased")
                .containsExactly(waiting);
    }

    @Test
    void aClaimTakesNoMoreThanItsLimitAndNothingLeased() {
        assertThat(outbox.claim(1, LEASE)).hasSize(1);

        assertThat(outbox.claim(10, LEASE)).hasSize(1);
        assertThat(outbox.claim(10, LEASE)).isEmpty();
    }

    @Test
    void everyOutcomeOfABatchIsOneStatementPerKind() {
        List<PendingDelivery> batch = outbox.claim(10, LEASE);

        outbox.markDelivered(List.of(inFlight));
        outbox.markRejected(Map.of(waiting, "INVALID: Invalid event: shipTo must not be blank"));

        assertThat(outbox.counts()).isEqualTo(new CandidateOutbox.Counts(0, 1));
        assertThat(batch).hasSize(2);
    }

    @Test
    void rejectedEventsWaitForARequeue() {
        outbox.markRejected(Map.of(inFlight, "CONFLICT: Payroll " + inFlight + " was already notified"));
        assertThat(outbox.claim(10, LEASE)).extracting(PendingDelivery::payrollId).containsExactly(waiting);
        assertThat(outbox.rejected(10)).singleElement().satisfies(rejected -> {
            assertThat(rejected.payrollId()).isEqualTo(inFlight);
            assertThat(rejected.attempts()).isEqualTo(1);
            assertThat(rejected.lastError()).isEqualTo("CONFLICT: Payroll " + inFlight + " was already notified");
        });

        assertThat(outbox.requeueRejected(null)).isEqualTo(1);

        assertThat(outbox.claim(10, LEASE)).singleElement().extracting(PendingDelivery::attempts).isEqualTo(1);
        assertThat(outbox.counts()).isEqualTo(new CandidateOutbox.Counts(2, 0));
    }

    private long payroll(String shipTo) {
        long id = jdbc.sql("INSERT INTO payroll (ship_to, total, created_at) VALUES (:shipTo, 12.5, now()) RETURNING id")
                .param("shipTo", shipTo).query(Long.class).single();
        outbox.add(new PayrollCreated(id, shipTo, new BigDecimal("12.50")));
        return id;
    }
}
