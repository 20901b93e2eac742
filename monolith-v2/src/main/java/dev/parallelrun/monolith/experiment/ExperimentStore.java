package dev.parallelrun.monolith.experiment;

import dev.parallelrun.experiment.Observation;
import dev.parallelrun.experiment.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The experiments' answers in the monolith's database: each observation that did not match is a row of its own, with
 * both values and both durations, written as it arrives; the running totals are counted in memory and added to their
 * row about once a second (one row per experiment: one update a second, not one per payroll).
 */
class ExperimentStore {

    /** An observation that did not match, as kept: open until acknowledged. */
    record StoredObservation(long id, Long payrollId, Outcome outcome, String controlValue, String candidateValue,
            double controlMs, Double candidateMs, Instant observedAt, String acknowledgedBy,
            String acknowledgementReason, Instant acknowledgedAt) {
    }

    private static final Logger log = LoggerFactory.getLogger(ExperimentStore.class);
    private static final List<Outcome> KEPT = List.of(Outcome.MISMATCHED, Outcome.CANDIDATE_FAILED, Outcome.TIMED_OUT);

    private final JdbcClient jdbc;
    private final String experiment;
    private final Map<Outcome, LongAdder> unflushed = new EnumMap<>(Outcome.class);

    ExperimentStore(JdbcClient jdbc, String experiment) {
        this.jdbc = jdbc;
        this.experiment = experiment;
        for (Outcome outcome : Outcome.values()) {
            unflushed.put(outcome, new LongAdder());
        }
    }

    /** The experiment's publisher: runs on a candidate thread, never the user's. */
    void publish(Observation observation) {
        unflushed.get(observation.outcome()).increment();
        if (!KEPT.contains(observation.outcome())) {
            return;
        }
        try {
            jdbc.sql("""
                    INSERT INTO experiment_observation (experiment, payroll_id, outcome, control_value, candidate_value,
                                                        control_micros, candidate_micros)
                    VALUES (:experiment, :payrollId, :outcome, :control, :candidate, :controlMicros, :candidateMicros)
                    """)
                    .param("experiment", experiment)
                    .param("payrollId", observation.context().get("payrollId"))
                    .param("outcome", observation.outcome().name())
                    .param("control", valueOf(observation.control()))
                    .param("candidate", observation.candidate() == null ? null : valueOf(observation.candidate()))
                    .param("controlMicros", observation.control().duration().toNanos() / 1_000)
                    .param("candidateMicros", observation.candidate() == null ? null
                            : observation.candidate().duration().toNanos() / 1_000)
                    .update();
        }
        catch (DataAccessException unavailable) {
            log.warn("Experiment {}: a {} observation of payroll {} could not be kept: {}", experiment,
                    observation.outcome(), observation.context().get("payrollId"), unavailable.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${experiment.flush-interval:1s}")
    void flush() {
        Map<Outcome, Long> deltas = new EnumMap<>(Outcome.class);
        unflushed.forEach((outcome, count) -> deltas.put(outcome, count.sumThenReset()));
        if (deltas.values().stream().allMatch(delta -> delta == 0)) {
            return;
        }
        try {
            jdbc.sql("""
                    INSERT INTO experiment_total AS t (experiment, matched, mismatched, ignored, candidate_failed,
                                                       timed_out, skipped)
                    VALUES (:experiment, :matched, :mismatched, :ignored, :candidateFailed, :timedOut, :skipped)
                    ON CONFLICT (experiment) DO UPDATE SET
                        matched = t.matched + EXCLUDED.matched, mismatched = t.mismatched + EXCLUDED.mismatched,
                        ignored = t.ignored + EXCLUDED.ignored,
                        candidate_failed = t.candidate_failed + EXCLUDED.candidate_failed,
                        timed_out = t.timed_out + EXCLUDED.timed_out, skipped = t.skipped + EXCLUDED.skipped,
                        updated_at = clock_timestamp()
                    """)
                    .param("experiment", experiment)
                    .param("matched", deltas.get(Outcome.MATCHED)).param("mismatched", deltas.get(Outcome.MISMATCHED))
                    .param("ignored", deltas.get(Outcome.IGNORED))
                    .param("candidateFailed", deltas.get(Outcome.CANDIDATE_FAILED))
                    .param("timedOut", deltas.get(Outcome.TIMED_OUT)).param("skipped", deltas.get(Outcome.SKIPPED))
                    .update();
        }
        catch (DataAccessException unavailable) {
            // Kept for the next flush: the totals lag, they do not lose.
            deltas.forEach((outcome, delta) -> unflushed.get(outcome).add(delta));
        }
    }

    /** The running totals, what is still to be flushed included. */
    Map<Outcome, Long> totals() {
        Map<Outcome, Long> totals = jdbc.sql("""
                SELECT matched, mismatched, ignored, candidate_failed, timed_out, skipped
                FROM experiment_total WHERE experiment = :experiment
                """).param("experiment", experiment).query((rs, row) -> {
                    Map<Outcome, Long> stored = new EnumMap<>(Outcome.class);
                    stored.put(Outcome.MATCHED, rs.getLong("matched"));
                    stored.put(Outcome.MISMATCHED, rs.getLong("mismatched"));
                    stored.put(Outcome.IGNORED, rs.getLong("ignored"));
                    stored.put(Outcome.CANDIDATE_FAILED, rs.getLong("candidate_failed"));
                    stored.put(Outcome.TIMED_OUT, rs.getLong("timed_out"));
                    stored.put(Outcome.SKIPPED, rs.getLong("skipped"));
                    return stored;
                }).optional().orElseGet(() -> new EnumMap<>(Outcome.class));
        Map<Outcome, Long> withUnflushed = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            withUnflushed.put(outcome, totals.getOrDefault(outcome, 0L) + unflushed.get(outcome).sum());
        }
        return withUnflushed;
    }

    /** Open (unacknowledged) observations, by outcome. */
    Map<Outcome, Long> open() {
        Map<Outcome, Long> open = new EnumMap<>(Outcome.class);
        KEPT.forEach(outcome -> open.put(outcome, 0L));
        jdbc.sql("""
                SELECT outcome, count(*) AS n FROM experiment_observation
                WHERE experiment = :experiment AND acknowledged_at IS NULL GROUP BY outcome
                """).param("experiment", experiment)
                .query((rs, row) -> Map.entry(Outcome.valueOf(rs.getString("outcome")), rs.getLong("n")))
                .list().forEach(entry -> open.put(entry.getKey(), entry.getValue()));
        return open;
    }

    List<StoredObservation> observations(int page, int size) {
        return jdbc.sql("""
                SELECT * FROM experiment_observation WHERE experiment = :experiment
                ORDER BY id DESC LIMIT :size OFFSET :offset
                """).param("experiment", experiment).param("size", size).param("offset", (long) page * size)
                .query(ExperimentStore::stored).list();
    }

    Optional<StoredObservation> find(long id) {
        return jdbc.sql("SELECT * FROM experiment_observation WHERE id = :id AND experiment = :experiment")
                .param("id", id).param("experiment", experiment).query(ExperimentStore::stored).optional();
    }

    private static StoredObservation stored(ResultSet rs, int row) throws SQLException {
        Timestamp acknowledgedAt = rs.getTimestamp("acknowledged_at");
        Object candidateMicros = rs.getObject("candidate_micros");
        return new StoredObservation(rs.getLong("id"), (Long) rs.getObject("payroll_id"),
                Outcome.valueOf(rs.getString("outcome")), rs.getString("control_value"),
                rs.getString("candidate_value"), rs.getLong("control_micros") / 1000.0,
                candidateMicros == null ? null : ((Number) candidateMicros).longValue() / 1000.0,
                rs.getTimestamp("observed_at").toInstant(), rs.getString("acknowledged_by"),
                rs.getString("acknowledgement_reason"), acknowledgedAt == null ? null : acknowledgedAt.toInstant());
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM experiment_observation WHERE experiment = :experiment")
                .param("experiment", experiment).query(Long.class).single();
    }

    /** Empty when there is no such observation; unchanged when it was acknowledged already. */
    Optional<StoredObservation> acknowledge(long id, String by, String reason) {
        jdbc.sql("""
                UPDATE experiment_observation SET acknowledged_by = :by, acknowledgement_reason = :reason,
                                                  acknowledged_at = clock_timestamp()
                WHERE id = :id AND experiment = :experiment AND acknowledged_at IS NULL
                """).param("by", by).param("reason", reason).param("id", id).param("experiment", experiment).update();
        return find(id);
    }

    private static String valueOf(dev.parallelrun.experiment.Result result) {
        return result.failed() ? result.exception() : String.valueOf(result.value());
    }
}
