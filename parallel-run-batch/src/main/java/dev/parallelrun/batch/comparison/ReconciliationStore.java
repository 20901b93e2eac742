package dev.parallelrun.batch.comparison;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The batch's own state, in its own database. Every write joins the pass's single transaction. */
@Repository
class ReconciliationStore {





    private static final String DIFFERENCE_COLUMNS = """
            payroll_id, kind, monolith_recipient, monolith_message, candidate_recipient, candidate_message,
            first_seen_at, acknowledged_at, acknowledged_by, acknowledgement_reason""";

    private static final String PASS_COLUMNS = """
            trigger, started_at, duration_ms, monolith_records, candidate_records, matched, missing_in_candidate,
            missing_in_monolith, field_mismatch, resolved, monolith_pending, candidate_pending, awaiting_twin""";

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
        return new Cursors(cursor(Side.MONOLITH), cursor(Side.CANDIDATE));
    }

    private Instant cursor(Side side) {
        return jdbc.sql("SELECT consumed_until FROM reconciliation_cursor WHERE side = ?").param(side.name())
                .query(Timestamp.class).single().toInstant();
    }

    /** Everything created before these instants has been read. */
    void advanceCursors(Instant monolith, Instant candidate) {
        String sql = "UPDATE reconciliation_cursor SET consumed_until = ? WHERE side = ?";
        jdbc.sql(sql).params(Timestamp.from(monolith), Side.MONOLITH.name()).update();
        jdbc.sql(sql).params(Timestamp.from(candidate), Side.CANDIDATE.name()).update();
    }

    /** The records among these payroll ids that wait for their twin, by payroll id. */
    Map<Long, AwaitingTwin> awaitingTwins(List<Long> payrollIds) {
        return jdbc.sql("""
                SELECT payroll_id, side, recipient, message, created_at FROM reconciliation_awaiting_twin
                WHERE payroll_id = ANY(?)""").param(payrollIds.toArray(Long[]::new))
                .query((rs, row) -> new AwaitingTwin(Side.valueOf(rs.getString(2)), new NotificationRecord(
                        rs.getLong(1), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant())))
                .stream().collect(Collectors.toMap(a -> a.record().payrollId(), Function.identity()));
    }

    void await(List<AwaitingTwin> records) {
        template.batchUpdate("""
                INSERT INTO reconciliation_awaiting_twin (payroll_id, side, recipient, message, created_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (payroll_id) DO UPDATE SET side = EXCLUDED.side, recipient = EXCLUDED.recipient,
                    message = EXCLUDED.message, created_at = EXCLUDED.created_at""",
                records, records.size(), (statement, a) -> {
                    statement.setLong(1, a.record().payrollId());
                    statement.setString(2, a.side().name());
                    statement.setString(3, a.record().recipient());
                    statement.setString(4, a.record().message());
                    statement.setTimestamp(5, Timestamp.from(a.record().createdAt()));
                });
    }

    void stopAwaiting(List<Long> payrollIds) {
        jdbc.sql("DELETE FROM reconciliation_awaiting_twin WHERE payroll_id = ANY(?)")
                .param(payrollIds.toArray(Long[]::new)).update();
    }

    /**
     * The records created before {@code deadline} still awaiting their twin become missing differences: both sides
     * have been read past their lateness window. Answers how many, by the side whose record was there.
     */
    Map<Side, Long> expireAwaiting(Instant deadline, Instant now) {
        Map<Side, Long> expired = new EnumMap<>(Side.class);
        jdbc.sql("""
                WITH expired AS (
                    DELETE FROM reconciliation_awaiting_twin WHERE created_at < :deadline
                    RETURNING payroll_id, side, recipient, message),
                missing AS (
                    INSERT INTO reconciliation_difference (payroll_id, kind, monolith_recipient, monolith_message,
                        candidate_recipient, candidate_message, first_seen_at, last_changed_at)
                    SELECT payroll_id,
                           CASE side WHEN 'MONOLITH' THEN 'MISSING_IN_CANDIDATE' ELSE 'MISSING_IN_MONOLITH' END,
                           CASE side WHEN 'MONOLITH' THEN recipient END, CASE side WHEN 'MONOLITH' THEN message END,
                           CASE side WHEN 'CANDIDATE' THEN recipient END, CASE side WHEN 'CANDIDATE' THEN message END,
                           :now, :now
                    FROM expired
                    ON CONFLICT (payroll_id) DO NOTHING)
                SELECT side, count(*) FROM expired GROUP BY side""")
                .param("deadline", Timestamp.from(deadline)).param("now", Timestamp.from(now))
                .query(rs -> {
                    expired.put(Side.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return expired;
    }

    /** Records awaiting their twin, by the side they come from. */
    Map<Side, Long> awaitingBySide() {
        Map<Side, Long> awaiting = new EnumMap<>(Side.class);
        jdbc.sql("SELECT side, count(*) FROM reconciliation_awaiting_twin GROUP BY side")
                .query(rs -> {
                    awaiting.put(Side.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return awaiting;
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

    /** The missing differences among these payroll ids, by payroll id: their late twin may be in hand. */
    Map<Long, Difference> missing(List<Long> payrollIds) {
        return jdbc.sql("SELECT " + DIFFERENCE_COLUMNS + """
                 FROM reconciliation_difference
                WHERE payroll_id = ANY(?) AND kind IN ('MISSING_IN_CANDIDATE', 'MISSING_IN_MONOLITH')""")
                .param(payrollIds.toArray(Long[]::new))
                .query(Difference.class).stream()
                .collect(Collectors.toMap(Difference::payrollId, Function.identity()));
    }

    void delete(List<Long> payrollIds) {
        jdbc.sql("DELETE FROM reconciliation_difference WHERE payroll_id = ANY(?)")
                .param(payrollIds.toArray(Long[]::new)).update();
    }

    void addTotals(long matched, long pairsCompared, long monolithCompared, long candidateCompared) {
        String sql = "UPDATE reconciliation_total SET records = records + ? WHERE name = ?";
        jdbc.sql(sql).params(matched, "MATCHED").update();
        jdbc.sql(sql).params(pairsCompared, "PAIRS_COMPARED").update();
        jdbc.sql(sql).params(monolithCompared, "MONOLITH_COMPARED").update();
        jdbc.sql(sql).params(candidateCompared, "CANDIDATE_COMPARED").update();
    }

    void record(PassSummary pass) {
        jdbc.sql("""
                INSERT INTO reconciliation_pass (trigger, started_at, duration_ms, monolith_records, candidate_records,
                    matched, missing_in_candidate, missing_in_monolith, field_mismatch, resolved, monolith_pending,
                    candidate_pending, awaiting_twin)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(pass.trigger(), Timestamp.from(pass.startedAt()), pass.durationMs(), pass.monolithRecords(),
                        pass.candidateRecords(), pass.matched(), pass.missingInCandidate(), pass.missingInMonolith(),
                        pass.fieldMismatch(), pass.resolved(), pass.monolithPending(), pass.candidatePending(),
                        pass.awaitingTwin())
                .update();
    }

    Totals totals() {
        return jdbc.sql("""
                WITH total AS (
                    SELECT max(records) FILTER (WHERE name = 'MATCHED') AS matched,
                           max(records) FILTER (WHERE name = 'PAIRS_COMPARED') AS pairs_compared,
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
        return jdbc.sql("SELECT " + PASS_COLUMNS + " FROM reconciliation_pass ORDER BY id DESC LIMIT 1")
                .query(PassSummary.class).optional();
    }

    List<Difference> differences(int page, int size) {
        return jdbc.sql("SELECT " + DIFFERENCE_COLUMNS + " FROM reconciliation_difference ORDER BY payroll_id "
                        + "LIMIT ? OFFSET ?")
                .params(size, (long) page * size).query(Difference.class).list();
    }

    private static String condition(DifferenceStatus status) {
        return switch (status) {
            case OPEN -> "acknowledged_at IS NULL";
            case ACKNOWLEDGED -> "acknowledged_at IS NOT NULL";
            case ALL -> "TRUE";
        };
    }

    long differenceCount(DifferenceStatus status) {
        return jdbc.sql("SELECT count(*) FROM reconciliation_difference WHERE " + condition(status))
                .query(Long.class).single();
    }

    /** A page of differences, the latest found (or acknowledged) first. */
    List<Difference> latestDifferences(DifferenceStatus status, int page, int size) {
        String latest = status == DifferenceStatus.ACKNOWLEDGED ? "acknowledged_at" : "last_changed_at";
        return jdbc.sql("SELECT " + DIFFERENCE_COLUMNS + " FROM reconciliation_difference WHERE " + condition(status)
                        + " ORDER BY " + latest + " DESC, payroll_id DESC LIMIT ? OFFSET ?")
                .params(size, (long) page * size).query(Difference.class).list();
    }

    /** The latest passes that judged at least one record, latest first: the history of what was compared. */
    List<PassSummary> latestPasses(int size) {
        return jdbc.sql("SELECT " + PASS_COLUMNS + """
                 FROM reconciliation_pass
                WHERE matched + missing_in_candidate + missing_in_monolith + field_mismatch > 0
                ORDER BY id DESC LIMIT ?""").param(size).query(PassSummary.class).list();
    }

    /** The difference as acknowledged, or empty when the payroll has none. */
    Optional<Difference> acknowledge(long payrollId, String by, String reason, Instant at) {
        return jdbc.sql("""
                UPDATE reconciliation_difference
                SET acknowledged_at = ?, acknowledged_by = ?, acknowledgement_reason = ?
                WHERE payroll_id = ?
                RETURNING\s""" + DIFFERENCE_COLUMNS).params(Timestamp.from(at), by, reason, payrollId)
                .query(Difference.class).optional();
    }
}
