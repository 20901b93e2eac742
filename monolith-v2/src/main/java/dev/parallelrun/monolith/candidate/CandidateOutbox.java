package dev.parallelrun.monolith.candidate;

import dev.parallelrun.monolith.notification.NotificationProperties;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox of events for the notification microservice ({@code candidate_delivery}). A row is added in the
 * payroll's transaction and stays until the microservice has it. Claims use the database clock and a lease, so
 * several senders (the immediate one, the sweeper, another instance) never call for the same event at once, and
 * an event claimed by a sender that died is taken again when its lease runs out.
 */
@Repository
class CandidateOutbox {

    /** An event due for delivery, with the attempts already made. */
    record PendingDelivery(long payrollId, int attempts, String shipTo, BigDecimal total) {

        PayrollShippedEvent event() {
            return new PayrollShippedEvent(payrollId, shipTo, total.setScale(2));
        }
    }

    private static final String CLAIM = """
            WITH due AS (
                SELECT payroll_id FROM candidate_delivery
                WHERE mode = :mode AND delivered_at IS NULL AND rejected_at IS NULL AND next_attempt_at <= now() %s
                ORDER BY next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE candidate_delivery d SET next_attempt_at = now() + :leaseMillis * interval '1 millisecond'
                FROM due WHERE d.payroll_id = due.payroll_id
                RETURNING d.payroll_id, d.attempts)
            SELECT c.payroll_id, c.attempts, p.ship_to, p.total
            FROM claimed c JOIN payroll p ON p.id = c.payroll_id
            ORDER BY c.payroll_id
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

    List<PendingDelivery> claimDue(int limit, Duration lease) {
        return jdbc.sql(CLAIM.formatted(""))
                .param("mode", mode)
                .param("limit", limit)
                .param("leaseMillis", lease.toMillis())
                .query(PendingDelivery.class)
                .list();
    }

    Optional<PendingDelivery> claim(long payrollId, Duration lease) {
        return jdbc.sql(CLAIM.formatted("AND payroll_id = :id"))
                .param("id", payrollId)
                .param("mode", mode)
                .param("limit", 1)
                .param("leaseMillis", lease.toMillis())
                .query(PendingDelivery.class)
                .optional();
    }

    void markDelivered(long payrollId) {
        jdbc.sql("""
                UPDATE candidate_delivery SET delivered_at = now(), attempts = attempts + 1, last_error = NULL
                WHERE payroll_id = :id""").param("id", payrollId).update();
    }

    void scheduleRetry(long payrollId, Duration delay, String error) {
        jdbc.sql("""
                UPDATE candidate_delivery
                SET attempts = attempts + 1, last_error = :error,
                    next_attempt_at = now() + :delayMillis * interval '1 millisecond'
                WHERE payroll_id = :id""")
                .param("id", payrollId).param("delayMillis", delay.toMillis()).param("error", truncate(error))
                .update();
    }

    /** Not an attempt (the breaker did not let the call out): only later. */
    void postpone(long payrollId, Duration delay) {
        jdbc.sql("""
                UPDATE candidate_delivery SET next_attempt_at = now() + :delayMillis * interval '1 millisecond'
                WHERE payroll_id = :id""").param("id", payrollId).param("delayMillis", delay.toMillis()).update();
    }

    /** The microservice refused the event as invalid: retrying cannot help; it stays visible as undelivered. */
    void markRejected(long payrollId, String error) {
        jdbc.sql("""
                UPDATE candidate_delivery SET rejected_at = now(), attempts = attempts + 1, last_error = :error
                WHERE payroll_id = :id""").param("id", payrollId).param("error", truncate(error)).update();
    }

    /** After an outage: everything waiting out a back-off becomes due now. */
    int makePendingDue() {
        return jdbc.sql("""
                UPDATE candidate_delivery SET next_attempt_at = now()
                WHERE mode = :mode AND delivered_at IS NULL AND rejected_at IS NULL AND next_attempt_at > now()""")
                .param("mode", mode).update();
    }

    long pendingCount() {
        return jdbc.sql("""
                SELECT count(*) FROM candidate_delivery
                WHERE mode = :mode AND delivered_at IS NULL AND rejected_at IS NULL""")
                .param("mode", mode).query(Long.class).single();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 500);
    }
}
