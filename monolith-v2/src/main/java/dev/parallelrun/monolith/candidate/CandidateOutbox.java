package dev.parallelrun.monolith.candidate;

import dev.parallelrun.monolith.notification.NotificationProperties;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox of events for the notification microservice ({@code candidate_delivery}). A row is added in the
 * payroll's transaction and stays until the microservice has it. A sender claims a row with a lease of its own
 * ({@code leased_until}, by the database clock), apart from the back-off ({@code next_attempt_at}): several senders
 * (this instance's, another instance's) never call for the same event at once, an event claimed by a sender that
 * died is taken again when its lease runs out, and nothing that changes back-offs touches a lease.
 */
@Repository
class CandidateOutbox {

    /** An event due for delivery, with the attempts already made. */
    record PendingDelivery(long payrollId, int attempts, String shipTo, BigDecimal total) {

        PayrollShippedEvent event() {
            return new PayrollShippedEvent(payrollId, shipTo, total.setScale(2));
        }
    }

    /** An event the microservice refused as invalid: kept, visible, and requeued by an operator after a fix. */
    record RejectedDelivery(long payrollId, int attempts, String lastError, Instant rejectedAt) {
    }

    /** Rows of this instance's mode by state. */
    record Counts(long pending, long delivered, long rejected) {
    }

    private static final String DUE = """
            mode = :mode AND delivered_at IS NULL AND rejected_at IS NULL AND next_attempt_at <= now()
            AND (leased_until IS NULL OR leased_until <= now())""";

    private static final String CLAIM = """
            WITH due AS (
                SELECT payroll_id FROM candidate_delivery
                WHERE %s %s
                ORDER BY next_attempt_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE candidate_delivery d SET leased_until = now() + :leaseMillis * interval '1 millisecond'
                FROM due WHERE d.payroll_id = due.payroll_id
                RETURNING d.payroll_id, d.attempts)
            SELECT c.payroll_id, c.attempts, p.ship_to, p.total
            FROM claimed c JOIN payroll p ON p.id = c.payroll_id
            """;

    private final JdbcClient jdbc;
    private final String mode;

    CandidateOutbox(JdbcClient jdbc, NotificationProperties notification) {
        this.jdbc = jdbc;
        this.mode = notification.mode().name();
    }

    /**
     * Joins the caller's transaction: the event exists if and only if the payroll does. It is stamped with this
     * instance's mode, and only instances in that mode deliver it.
     */
    void add(long payrollId) {
        jdbc.sql("INSERT INTO candidate_delivery (payroll_id, mode) VALUES (:id, :mode)")
                .param("id", payrollId).param("mode", mode).update();
    }

    /** The event due longest, leased to the caller; one at a time, so nothing claimed waits for a free sender. */
    Optional<PendingDelivery> claimNext(Duration lease) {
        return jdbc.sql(CLAIM.formatted(DUE, "")).param("mode", mode).param("leaseMillis", lease.toMillis())
                .query(PendingDelivery.class).optional();
    }

    /** This payroll's event, if it is due and nobody holds it. */
    Optional<PendingDelivery> claim(long payrollId, Duration lease) {
        return jdbc.sql(CLAIM.formatted(DUE, "AND payroll_id = :id")).param("id", payrollId).param("mode", mode)
                .param("leaseMillis", lease.toMillis()).query(PendingDelivery.class).optional();
    }

    boolean hasDue() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM candidate_delivery WHERE " + DUE + ")").param("mode", mode)
                .query(Boolean.class).single();
    }

    void markDelivered(long payrollId) {
        jdbc.sql("""
                UPDATE candidate_delivery
                SET delivered_at = now(), attempts = attempts + 1, last_error = NULL, leased_until = NULL
                WHERE payroll_id = :id""").param("id", payrollId).update();
    }

    void scheduleRetry(long payrollId, Duration delay, String error) {
        jdbc.sql("""
                UPDATE candidate_delivery
                SET attempts = attempts + 1, last_error = :error, leased_until = NULL,
                    next_attempt_at = now() + :delayMillis * interval '1 millisecond'
                WHERE payroll_id = :id""")
                .param("id", payrollId).param("delayMillis", delay.toMillis()).param("error", truncate(error))
                .update();
    }

    /** Not an attempt (the breaker did not let the call out): only later. */
    void postpone(long payrollId, Duration delay) {
        jdbc.sql("""
                UPDATE candidate_delivery
                SET leased_until = NULL, next_attempt_at = now() + :delayMillis * interval '1 millisecond'
                WHERE payroll_id = :id""").param("id", payrollId).param("delayMillis", delay.toMillis()).update();
    }

    /** The microservice refused the event itself as invalid: retrying cannot help until someone fixes the cause. */
    void markRejected(long payrollId, String error) {
        jdbc.sql("""
                UPDATE candidate_delivery
                SET rejected_at = now(), attempts = attempts + 1, last_error = :error, leased_until = NULL
                WHERE payroll_id = :id""").param("id", payrollId).param("error", truncate(error)).update();
    }

    /**
     * After an outage: events waiting out a back-off become due now. Leased events are in flight and keep their
     * lease; events failing on their own keep their back-off, since this runs only when the circuit breaker closes
     * again (one poison event among successes never opens it).
     */
    int makePendingDue() {
        return jdbc.sql("""
                UPDATE candidate_delivery SET next_attempt_at = now()
                WHERE mode = :mode AND delivered_at IS NULL AND rejected_at IS NULL AND next_attempt_at > now()
                  AND (leased_until IS NULL OR leased_until <= now())""")
                .param("mode", mode).update();
    }

    /** Rejected events (one, or all when {@code payrollId} is null) are due again, their attempts kept. */
    int requeueRejected(Long payrollId) {
        return jdbc.sql("""
                UPDATE candidate_delivery SET rejected_at = NULL, next_attempt_at = now()
                WHERE mode = :mode AND rejected_at IS NOT NULL AND (CAST(:id AS BIGINT) IS NULL OR payroll_id = :id)""")
                .param("mode", mode).param("id", payrollId).update();
    }

    Counts counts() {
        return jdbc.sql("""
                SELECT count(*) FILTER (WHERE delivered_at IS NULL AND rejected_at IS NULL) AS pending,
                       count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
                       count(*) FILTER (WHERE rejected_at IS NOT NULL) AS rejected
                FROM candidate_delivery WHERE mode = :mode""").param("mode", mode).query(Counts.class).single();
    }

    long pendingCount() {
        return jdbc.sql("""
                SELECT count(*) FROM candidate_delivery
                WHERE mode = :mode AND delivered_at IS NULL AND rejected_at IS NULL""")
                .param("mode", mode).query(Long.class).single();
    }

    List<RejectedDelivery> rejected(int limit) {
        return jdbc.sql("""
                SELECT payroll_id, attempts, last_error, rejected_at FROM candidate_delivery
                WHERE mode = :mode AND rejected_at IS NOT NULL ORDER BY payroll_id LIMIT :limit""")
                .param("mode", mode).param("limit", limit).query(RejectedDelivery.class).list();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 500);
    }
}
