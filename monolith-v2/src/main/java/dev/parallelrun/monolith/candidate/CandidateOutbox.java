package dev.parallelrun.monolith.candidate;

import dev.parallelrun.monolith.notification.NotificationProperties;
import dev.parallelrun.monolith.payroll.PayrollCreated;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox of events for the notification microservice ({@code candidate_delivery}). A row, carrying the event
 * itself, is added in the payroll's transaction and stays until the microservice has it. A sender claims due rows
 * with a lease of their own ({@code leased_until}, by the database clock), apart from the back-off
 * ({@code next_attempt_at}): several senders (this instance's, another instance's) never call for the same event at
 * once, an event claimed by a sender that died is taken again when its lease runs out, and nothing that changes
 * back-offs touches a lease. Every operation takes a whole batch in one statement.
 */
@Repository
class CandidateOutbox {

    /** An event the microservice refused as invalid: kept, visible, and requeued by an operator after a fix. */
    record RejectedDelivery(long payrollId, int attempts, String lastError, Instant rejectedAt) {
    }

    /** Events of this instance's mode not delivered yet: waiting (or in flight), and refused as invalid. */
    record Counts(long pending, long rejected) {
    }

    private static final String DUE = """
            mode = :mode AND delivered_at IS NULL AND rejected_at IS NULL AND next_attempt_at <= now()
            AND (leased_until IS NULL OR leased_until <= now())""";

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
    void add(PayrollCreated payroll) {
        jdbc.sql("INSERT INTO candidate_delivery (payroll_id, mode, ship_to, total) VALUES (:id, :mode, :shipTo, :total)")
                .param("id", payroll.payrollId()).param("mode", mode).param("shipTo", payroll.shipTo())
                .param("total", payroll.total()).update();
    }

    /**
     * Up to {@code limit} due events, longest due first, leased to the caller, who sends them at once in one call:
     * nothing claimed waits for a free sender.
     */
    List<PendingDelivery> claim(int limit, Duration lease) {
        return jdbc.sql("""
                WITH due AS (
                    SELECT payroll_id FROM candidate_delivery WHERE %s
                    ORDER BY next_attempt_at
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                UPDATE candidate_delivery d SET leased_until = now() + :leaseMillis * interval '1 millisecond'
                FROM due WHERE d.payroll_id = due.payroll_id
                RETURNING d.payroll_id, d.attempts, d.ship_to, d.total""".formatted(DUE))
                .param("mode", mode).param("limit", limit).param("leaseMillis", lease.toMillis())
                .query(PendingDelivery.class).list();
    }

    boolean hasDue() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM candidate_delivery WHERE " + DUE + ")").param("mode", mode)
                .query(Boolean.class).single();
    }

    void markDelivered(Collection<Long> payrollIds) {
        if (!payrollIds.isEmpty()) {
            jdbc.sql("""
                    UPDATE candidate_delivery
                    SET delivered_at = now(), attempts = attempts + 1, last_error = NULL, leased_until = NULL
                    WHERE payroll_id = ANY(:ids)""").param("ids", payrollIds.toArray(Long[]::new)).update();
        }
    }

    /** A failed attempt for each, and its own wait before the next one. */
    void scheduleRetries(Map<Long, Duration> delays, String error) {
        if (!delays.isEmpty()) {
            jdbc.sql("""
                    UPDATE candidate_delivery d
                    SET attempts = attempts + 1, last_error = :error, leased_until = NULL,
                        next_attempt_at = now() + r.delay_millis * interval '1 millisecond'
                    FROM unnest(CAST(:ids AS BIGINT[]), CAST(:delays AS BIGINT[])) AS r (payroll_id, delay_millis)
                    WHERE d.payroll_id = r.payroll_id""")
                    .param("ids", delays.keySet().toArray(Long[]::new))
                    .param("delays", delays.values().stream().map(Duration::toMillis).toArray(Long[]::new))
                    .param("error", truncate(error)).update();
        }
    }

    /** Not an attempt (the breaker did not let the call out): only later. */
    void postpone(Collection<Long> payrollIds, Duration delay) {
        if (!payrollIds.isEmpty()) {
            jdbc.sql("""
                    UPDATE candidate_delivery
                    SET leased_until = NULL, next_attempt_at = now() + :delayMillis * interval '1 millisecond'
                    WHERE payroll_id = ANY(:ids)""").param("ids", payrollIds.toArray(Long[]::new))
                    .param("delayMillis", delay.toMillis()).update();
        }
    }

    /** The microservice refused these events themselves (why, per event): retrying cannot help until a fix. */
    void markRejected(Map<Long, String> errors) {
        if (!errors.isEmpty()) {
            jdbc.sql("""
                    UPDATE candidate_delivery d
                    SET rejected_at = now(), attempts = attempts + 1, last_error = r.error, leased_until = NULL
                    FROM unnest(CAST(:ids AS BIGINT[]), CAST(:errors AS VARCHAR[])) AS r (payroll_id, error)
                    WHERE d.payroll_id = r.payroll_id""")
                    .param("ids", errors.keySet().toArray(Long[]::new))
                    .param("errors", errors.values().stream().map(CandidateOutbox::truncate).toArray(String[]::new))
                    .update();
        }
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

    /** Cheap whatever the table's size: both counts read only their partial index. */
    Counts counts() {
        return new Counts(pendingCount(), jdbc.sql(
                "SELECT count(*) FROM candidate_delivery WHERE mode = :mode AND rejected_at IS NOT NULL")
                .param("mode", mode).query(Long.class).single());
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
