package dev.parallelrun.monolith.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import dev.parallelrun.monolith.notification.NotificationProperties;
import java.time.Duration;
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
        inFlight = payroll();
        waiting = payroll();
        outbox.add(inFlight);
        outbox.add(waiting);
    }

    @Test
    void makingWaitingEventsDueLeavesEventsInFlightAlone() {
        assertThat(outbox.claim(inFlight, LEASE)).isPresent();
        outbox.scheduleRetry(waiting, Duration.ofMinutes(5), "HTTP 503");

        assertThat(outbox.makePendingDue()).isEqualTo(1);

        assertThat(outbox.claimNext(LEASE)).map(CandidateOutbox.PendingDelivery::payrollId).hasValue(waiting);
        assertThat(outbox.claimNext(LEASE)).as("the event in flight is still leased").isEmpty();
    }

    @Test
    void aClaimedEventIsNotClaimedAgainUntilItsLeaseEnds() {
        assertThat(outbox.claim(inFlight, LEASE)).isPresent();

        assertThat(outbox.claim(inFlight, LEASE)).isEmpty();
        assertThat(outbox.claimNext(LEASE)).map(CandidateOutbox.PendingDelivery::payrollId).hasValue(waiting);
    }

    @Test
    void rejectedEventsWaitForARequeue() {
        outbox.markRejected(inFlight, "HTTP 400 for payroll " + inFlight);
        assertThat(outbox.claim(inFlight, LEASE)).isEmpty();
        assertThat(outbox.rejected(10)).singleElement().satisfies(rejected -> {
            assertThat(rejected.payrollId()).isEqualTo(inFlight);
            assertThat(rejected.attempts()).isEqualTo(1);
            assertThat(rejected.lastError()).isEqualTo("HTTP 400 for payroll " + inFlight);
        });

        assertThat(outbox.requeueRejected(null)).isEqualTo(1);

        assertThat(outbox.claim(inFlight, LEASE)).map(CandidateOutbox.PendingDelivery::attempts).hasValue(1);
        assertThat(outbox.counts()).isEqualTo(new CandidateOutbox.Counts(2, 0, 0));
    }

    private long payroll() {
        return jdbc.sql("INSERT INTO payroll (ship_to, total, created_at) VALUES ('Ana', 1, now()) RETURNING id")
                .query(Long.class).single();
    }
}
