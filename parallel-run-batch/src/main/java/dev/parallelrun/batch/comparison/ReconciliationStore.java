package dev.parallelrun.batch.comparison;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The batch's own state, in its own database. Every write joins the pass's single transaction. */
@Repository
class ReconciliationStore {

    /** A payroll whose notifications differ, with both sides' values (null where a side has none). */
    record Difference(long payrollId, DifferenceKind kind, String monolithRecipient, String monolithMessage,
            String candidateRecipient, String candidateMessage, Instant firstSeenAt, Instant acknowledgedAt,
            String acknowledgedBy, String acknowledgementReason) {

        static Difference between(long payrollId, NotificationRecord monolith, NotificationRecord candidate,
                Instant now) {
            DifferenceKind kind = monolith == null ? DifferenceKind.MISSING_IN_MONOLITH
                    : candidate == null ? DifferenceKind.MISSING_IN_CANDIDATE : DifferenceKind.FIELD_MISMATCH;
            return new Difference(payrollId, kind, monolith == null ? null : monolith.recipient(),
                    monolith == null ? null : monolith.message(), candidate == null ? null : candidate.recipient(),
                    candidate == null ? null : candidate.message(), now, null, null, null);
        }

        /** The side that was present when the difference was found, as a record. */
        NotificationRecord present() {
            return kind == DifferenceKind.MISSING_IN_CANDIDATE
                    ? new NotificationRecord(payrollId, monolithRecipient, monolithMessage)
                    : new NotificationRecord(payrollId, candidateRecipient, candidateMessage);
        }
    }

    record Cursors(Instant monolith, Instant candidate) {
    }

    record Totals(long matched, long monolithCompared, long candidateCompared, long missingInCandidate,
            long missingInMonolith, long fieldMismatch, long acknowledged) {

        long unacknowledged() {
            return missingInCandidate + missingInMonolith + fieldMismatch;
        }
    }

    /** The payroll ids still missing on one side, sorted: a pass looks each new record up here. */
    record OpenMissing(long[] payrollIds, DifferenceKind[] kinds) {

        DifferenceKind kindOf(long payrollId) {
            int at = Arrays.binarySearch(payrollIds, payrollId);
            return at >= 0 ? kinds[at] : null;
        }
    }

    private static final String DIFFERENCE_COLUMNS = """
            payroll_id, kind, monolith_recipient, monolith_message, candidate_recipient, candidate_message,
            first_seen_at, acknowledged_at, acknowledged_by, acknowledgement_reason""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ReconciliationStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Waits for any other pass, of this instance or another, to finish; held until this pass commits. */
    void lockOutOtherPasses() {
        jdbc.sql("SELECT pg_advisory_xact_lock(20260001)").query().singleValue();
    }

    Cursors cursors() {
        return new Cursors(cursor("MONOLITH"), cursor("CANDIDATE"));
    }

    private Instant cursor(String side) {
        return jdbc.sql("SELECT consumed_until FROM reconciliation_cursor WHERE side = ?").param(side)
                .query(Timestamp.class).single().toInstant();
    }

    void advanceCursors(Instant monolith, Instant candidate) {
        String sql = "UPDATE reconciliation_cursor SET consumed_until = ? WHERE side = ?";
        jdbc.sql(sql).params(Timestamp.from(monolith), "MONOLITH").update();
        jdbc.sql(sql).params(Timestamp.from(candidate), "CANDIDATE").update();
    }

    OpenMissing openMissing() {
        List<Long> ids = new ArrayList<>();
        List<DifferenceKind> kinds = new ArrayList<>();
        jdbc.sql("""
                SELECT payroll_id, kind FROM reconciliation_difference
                WHERE kind IN ('MISSING_IN_CANDIDATE', 'MISSING_IN_MONOLITH') ORDER BY payroll_id""")
                .query(rs -> {
                    ids.add(rs.getLong(1));
                    kinds.add(DifferenceKind.valueOf(rs.getString(2)));
                });
        return new OpenMissing(ids.stream().mapToLong(Long::longValue).toArray(),
                kinds.toArray(DifferenceKind[]::new));
    }

    /** Records new differences, or replaces one whose kind changed (its acknowledgement no longer applies). */
    void save(List<Difference> differences) {
        template.batchUpdate("""
                INSERT INTO reconciliation_difference (payroll_id, kind, monolith_recipient, monolith_message,
                    candidate_recipient, candidate_message, first_seen_at, last_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (payroll_id) DO UPDATE SET kind = EXCLUDED.kind,
                    monolith_recipient = EXCLUDED.monolith_recipient, monolith_message = EXCLUDED.monolith_message,
                    candidate_recipient = EXCLUDED.candidate_recipient, candidate_message = EXCLUDED.candidate_message,
                    last_changed_at = EXCLUDED.last_changed_at,
                    acknowledged_at = NULL, acknowledged_by = NULL, acknowledgement_reason = NULL""",
                differences, differences.size(), (statement, d) -> {
                    statement.setLong(1, d.payrollId());
                    statement.setString(2, d.kind().name());
                    statement.setString(3, d.monolithRecipient());
                    statement.setString(4, d.monolithMessage());
                    statement.setString(5, d.candidateRecipient());
                    statement.setString(6, d.candidateMessage());
                    statement.setTimestamp(7, Timestamp.from(d.firstSeenAt()));
                    statement.setTimestamp(8, Timestamp.from(d.firstSeenAt()));
                });
    }

    List<Difference> find(List<Long> payrollIds) {
        return jdbc.sql("SELECT " + DIFFERENCE_COLUMNS + " FROM reconciliation_difference WHERE payroll_id = ANY(?)")
                .param(payrollIds.toArray(Long[]::new))
                .query(Difference.class).list();
    }

    Optional<Difference> find(long payrollId) {
        return jdbc.sql("SELECT " + DIFFERENCE_COLUMNS + " FROM reconciliation_difference WHERE payroll_id = ?")
                .param(payrollId).query(Difference.class).optional();
    }

    void delete(List<Long> payrollIds) {
        jdbc.sql("DELETE FROM reconciliation_difference WHERE payroll_id = ANY(?)")
                .param(payrollIds.toArray(Long[]::new)).update();
    }

    void addTotals(long matched, long monolithCompared, long candidateCompared) {
        String sql = "UPDATE reconciliation_total SET records = records + ? WHERE name = ?";
        jdbc.sql(sql).params(matched, "MATCHED").update();
        jdbc.sql(sql).params(monolithCompared, "MONOLITH_COMPARED").update();
        jdbc.sql(sql).params(candidateCompared, "CANDIDATE_COMPARED").update();
    }

    void record(PassSummary pass) {
        jdbc.sql("""
                INSERT INTO reconciliation_pass (trigger, started_at, duration_ms, monolith_records, candidate_records,
                    matched, missing_in_candidate, missing_in_monolith, field_mismatch, resolved, monolith_pending,
                    candidate_pending)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(pass.trigger(), Timestamp.from(pass.startedAt()), pass.durationMs(), pass.monolithRecords(),
                        pass.candidateRecords(), pass.matched(), pass.missingInCandidate(), pass.missingInMonolith(),
                        pass.fieldMismatch(), pass.resolved(), pass.monolithPending(), pass.candidatePending())
                .update();
    }

    long unacknowledged() {
        return jdbc.sql("SELECT count(*) FROM reconciliation_difference WHERE acknowledged_at IS NULL")
                .query(Long.class).single();
    }

    Totals totals() {
        return jdbc.sql("""
                WITH total AS (
                    SELECT max(records) FILTER (WHERE name = 'MATCHED') AS matched,
                           max(records) FILTER (WHERE name = 'MONOLITH_COMPARED') AS monolith_compared,
                           max(records) FILTER (WHERE name = 'CANDIDATE_COMPARED') AS candidate_compared
                    FROM reconciliation_total),
                open AS (
                    SELECT count(*) FILTER (WHERE kind = 'MISSING_IN_CANDIDATE' AND acknowledged_at IS NULL)
                               AS missing_in_candidate,
                           count(*) FILTER (WHERE kind = 'MISSING_IN_MONOLITH' AND acknowledged_at IS NULL)
                               AS missing_in_monolith,
                           count(*) FILTER (WHERE kind = 'FIELD_MISMATCH' AND acknowledged_at IS NULL)
                               AS field_mismatch,
                           count(*) FILTER (WHERE acknowledged_at IS NOT NULL) AS acknowledged
                    FROM reconciliation_difference)
                SELECT * FROM total, open""").query(Totals.class).single();
    }

    Optional<PassSummary> lastPass() {
        return jdbc.sql("""
                SELECT trigger, started_at, duration_ms, monolith_records, candidate_records, matched,
                    missing_in_candidate, missing_in_monolith, field_mismatch, resolved, monolith_pending,
                    candidate_pending
                FROM reconciliation_pass ORDER BY id DESC LIMIT 1""").query(PassSummary.class).optional();
    }

    long differenceCount() {
        return jdbc.sql("SELECT count(*) FROM reconciliation_difference").query(Long.class).single();
    }

    List<Difference> differences(int page, int size) {
        return jdbc.sql("SELECT " + DIFFERENCE_COLUMNS + " FROM reconciliation_difference ORDER BY payroll_id "
                        + "LIMIT ? OFFSET ?")
                .params(size, (long) page * size).query(Difference.class).list();
    }

    boolean acknowledge(long payrollId, String by, String reason, Instant at) {
        return jdbc.sql("""
                UPDATE reconciliation_difference
                SET acknowledged_at = ?, acknowledged_by = ?, acknowledgement_reason = ?
                WHERE payroll_id = ?""").params(Timestamp.from(at), by, reason, payrollId).update() == 1;
    }
}
