package dev.parallelrun.batch.comparison;

import dev.parallelrun.batch.comparison.ReconciliationStore.Difference;
import dev.parallelrun.batch.comparison.ReconciliationStore.Totals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs reconciliation passes and answers what they concluded. */
@Service
class ComparisonService {

    private static final Logger log = LoggerFactory.getLogger(ComparisonService.class);

    /** The report: totals, what is pending, the last pass, and a page of differences. */
    record Report(boolean consistent, Totals totals, Map<String, Long> pending, PassSummary lastPass,
            DifferencePage differences) {
    }

    record DifferencePage(int page, int size, long total, List<Difference> items) {
    }

    private final ReconciliationStore store;
    private final NotificationSource monolith;
    private final NotificationSource candidate;
    private final ComparisonProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Map<DifferenceKind, Counter> found;
    private final Counter matched;
    private final Counter resolved;
    private final Timer passes;
    private final AtomicLong monolithPending = new AtomicLong();
    private final AtomicLong candidatePending = new AtomicLong();
    private final AtomicLong unresolved = new AtomicLong();

    ComparisonService(ReconciliationStore store, @Qualifier("monolithNotifications") NotificationSource monolith,
            @Qualifier("candidateNotifications") NotificationSource candidate, ComparisonProperties properties,
            TransactionTemplate transaction, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.monolith = monolith;
        this.candidate = candidate;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
        this.matched = records(meters, "matched");
        this.found = Map.of(
                DifferenceKind.MISSING_IN_CANDIDATE, records(meters, "missing_in_candidate"),
                DifferenceKind.MISSING_IN_MONOLITH, records(meters, "missing_in_monolith"),
                DifferenceKind.FIELD_MISMATCH, records(meters, "field_mismatch"));
        this.resolved = Counter.builder("reconciliation.resolved")
                .description("Missing records whose late twin arrived and agreed").register(meters);
        this.passes = Timer.builder("reconciliation.pass").description("Reconciliation pass duration")
                .register(meters);
        Gauge.builder("reconciliation.pending", monolithPending, AtomicLong::get).tag("side", "monolith")
                .description("Records younger than the grace period, not compared yet").register(meters);
        Gauge.builder("reconciliation.pending", candidatePending, AtomicLong::get).tag("side", "candidate")
                .description("Records younger than the grace period, not compared yet").register(meters);
        Gauge.builder("reconciliation.unresolved", unresolved, AtomicLong::get)
                .description("Differences not acknowledged").register(meters);
    }

    private static Counter records(MeterRegistry meters, String kind) {
        return Counter.builder("reconciliation.records").description("Compared records by outcome")
                .tag("class", kind).register(meters);
    }

    /**
     * Runs a pass now (after any pass in progress) and answers whether everything compared so far agrees, apart
     * from acknowledged differences.
     */
    boolean compare(String trigger) {
        record Outcome(PassSummary pass, long unacknowledged) {
        }
        Outcome outcome = transaction.execute(status -> {
            try {
                PassSummary pass = new ReconciliationPass(store, monolith, candidate, properties.gracePeriod(), clock,
                        trigger).run();
                return new Outcome(pass, store.unacknowledged());
            }
            catch (SQLException failure) {
                throw new IllegalStateException("Reconciliation pass failed", failure);
            }
        });
        PassSummary pass = outcome.pass();
        passes.record(Duration.ofMillis(pass.durationMs()));
        matched.increment(pass.matched());
        resolved.increment(pass.resolved());
        found.get(DifferenceKind.MISSING_IN_CANDIDATE).increment(pass.missingInCandidate());
        found.get(DifferenceKind.MISSING_IN_MONOLITH).increment(pass.missingInMonolith());
        found.get(DifferenceKind.FIELD_MISMATCH).increment(pass.fieldMismatch());
        monolithPending.set(pass.monolithPending());
        candidatePending.set(pass.candidatePending());
        unresolved.set(outcome.unacknowledged());
        log.info("ConsumitionsCount: {} for mono size: {} and micro size: {}", pass.matched(), pass.monolithRecords(),
                pass.candidateRecords());
        log.info("Reconciliation pass ({}) in {} ms: {} matched ({} late twins), {} missing in candidate, "
                        + "{} missing in monolith, {} mismatched, pending {}/{}; {} unresolved differences",
                trigger, pass.durationMs(), pass.matched(), pass.resolved(), pass.missingInCandidate(),
                pass.missingInMonolith(), pass.fieldMismatch(), pass.monolithPending(), pass.candidatePending(),
                outcome.unacknowledged());
        return outcome.unacknowledged() == 0;
    }

    Report report(int page, int size) {
        Optional<PassSummary> last = store.lastPass();
        Map<String, Long> pending = Map.of(
                "monolith", last.map(PassSummary::monolithPending).orElse(0L),
                "candidate", last.map(PassSummary::candidatePending).orElse(0L));
        Totals totals = store.totals();
        return new Report(totals.unacknowledged() == 0, totals, pending, last.orElse(null),
                new DifferencePage(page, size, store.differenceCount(), store.differences(page, size)));
    }

    Optional<Difference> acknowledge(long payrollId, String by, String reason) {
        if (!store.acknowledge(payrollId, by, reason, clock.instant())) {
            return Optional.empty();
        }
        log.info("Difference for payroll {} acknowledged by {}: {}", payrollId, by, reason);
        unresolved.set(store.unacknowledged());
        return store.find(payrollId);
    }
}
