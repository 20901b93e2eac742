package dev.parallelrun.batch.comparison;

import dev.parallelrun.evidence.MismatchRate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs reconciliation passes and answers what they concluded. */
@Service
class ComparisonService {

    private static final Logger log = LoggerFactory.getLogger(ComparisonService.class);

    /**
     * The report, read in one snapshot: the verdict and what stands behind it (totals, what is pending), the last
     * pass, and a page of differences.
     */
    record Report(Verdict.State verdict, boolean consistent, String summary, MismatchRate mismatchRate,
            Totals totals, Pending pending, PassSummary lastPass, DifferencePage differences) {
    }

    /** Records not judged yet, per side: not read yet, or read and awaiting their twin. */
    record Pending(long monolith, long candidate) {
    }

    record DifferencePage(int page, int size, long total, List<Difference> items) {
    }

    private final ReconciliationStore store;
    private final NotificationSource monolith;
    private final NotificationSource candidate;
    private final ComparisonProperties properties;
    private final TransactionTemplate transaction;
    private final TransactionTemplate snapshot;
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
        this.snapshot = new TransactionTemplate(transaction.getTransactionManager());
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.clock = clock;
        this.matched = records(meters, "matched");
        this.found = Map.of(
                DifferenceKind.MISSING_IN_CANDIDATE, records(meters, "missing_in_candidate"),
                DifferenceKind.MISSING_IN_MONOLITH, records(meters, "missing_in_monolith"),
                DifferenceKind.FIELD_MISMATCH, records(meters, "field_mismatch"));
        this.resolved = Counter.builder("reconciliation.resolved")
                .description("Missing records whose twin arrived after all and agreed").register(meters);
        this.passes = Timer.builder("reconciliation.pass").description("Reconciliation pass duration")
                .register(meters);
        Gauge.builder("reconciliation.pending", monolithPending, AtomicLong::get).tag("side", "monolith")
                .description("Records not judged yet: not read yet, or awaiting their twin").register(meters);
        Gauge.builder("reconciliation.pending", candidatePending, AtomicLong::get).tag("side", "candidate")
                .description("Records not judged yet: not read yet, or awaiting their twin").register(meters);
        Gauge.builder("reconciliation.unresolved", unresolved, AtomicLong::get)
                .description("Differences not acknowledged").register(meters);
    }

    private static Counter records(MeterRegistry meters, String kind) {
        return Counter.builder("reconciliation.records").description("Compared records by outcome")
                .tag("class", kind).register(meters);
    }

    /**
     * Runs a pass now (after any pass in progress) and answers whether the verdict holds: at least one pair compared
     * and no difference open (acknowledged ones aside).
     */
    boolean compare(String trigger) {
        record Outcome(PassSummary pass, Totals totals) {
        }
        Outcome outcome = transaction.execute(status -> new Outcome(
                new ReconciliationPass(store, monolith, candidate, properties, clock, trigger).run(), store.totals()));
        Verdict verdict = Verdict.of(outcome.totals(), outcome.pass().monolithPending()
                + outcome.pass().candidatePending());
        PassSummary pass = outcome.pass();
        passes.record(Duration.ofMillis(pass.durationMs()));
        matched.increment(pass.matched());
        resolved.increment(pass.resolved());
        found.get(DifferenceKind.MISSING_IN_CANDIDATE).increment(pass.missingInCandidate());
        found.get(DifferenceKind.MISSING_IN_MONOLITH).increment(pass.missingInMonolith());
        found.get(DifferenceKind.FIELD_MISMATCH).increment(pass.fieldMismatch());
        monolithPending.set(pass.monolithPending());
        candidatePending.set(pass.candidatePending());
        unresolved.set(outcome.totals().unacknowledged());
        log.info("ConsumitionsCount: {} for mono size: {} and micro size: {}", pass.matched(), pass.monolithRecords(),
                pass.candidateRecords());
        log.info("Reconciliation pass ({}) in {} ms: {} matched ({} of them resolving a missing record), {} missing "
                        + "in candidate, {} missing in monolith, {} mismatched, {} awaiting their twin; verdict: {}",
                trigger, pass.durationMs(), pass.matched(), pass.resolved(), pass.missingInCandidate(),
                pass.missingInMonolith(), pass.fieldMismatch(), pass.awaitingTwin(), verdict.summary());
        return verdict.holds();
    }

    Report report(int page, int size) {
        return snapshot.execute(status -> {
            Totals totals = store.totals();
            Optional<PassSummary> last = store.lastPass();
            Pending pending = new Pending(last.map(PassSummary::monolithPending).orElse(0L),
                    last.map(PassSummary::candidatePending).orElse(0L));
            Verdict verdict = Verdict.of(totals, pending.monolith() + pending.candidate());
            return new Report(verdict.state(), verdict.holds(), verdict.summary(), totals.mismatchRate(), totals,
                    pending, last.orElse(null),
                    new DifferencePage(page, size, store.differenceCount(DifferenceStatus.ALL), store.differences(page, size)));
        });
    }

    DifferencePage differences(DifferenceStatus status, int page, int size) {
        return snapshot.execute(tx -> new DifferencePage(page, size, store.differenceCount(status),
                store.latestDifferences(status, page, size)));
    }

    List<PassSummary> passes(int size) {
        return store.latestPasses(size);
    }

    Optional<Difference> acknowledge(long payrollId, String by, String reason) {
        Optional<Difference> acknowledged = store.acknowledge(payrollId, by, reason, clock.instant());
        acknowledged.ifPresent(difference -> {
            log.info("Difference for payroll {} acknowledged by {}: {}", payrollId, by, reason);
            unresolved.set(store.totals().unacknowledged());
        });
        return acknowledged;
    }
}
