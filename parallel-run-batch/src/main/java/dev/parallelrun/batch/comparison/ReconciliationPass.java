package dev.parallelrun.batch.comparison;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One reconciliation pass, run inside the caller's transaction on the batch's database:
 * <ol>
 * <li>take the pass lock, read the cursors, and fix each side's horizon: its database's now minus the grace period,
 * held back to the start of any transaction still open that has written there (it may yet commit a row created
 * before the horizon, which must not fall behind the cursor);</li>
 * <li>stream both sides' records created between cursor and horizon in payroll id order and merge them: pairs are
 * compared; a record read alone meets its twin if that was read earlier and waits, resolves an earlier "missing",
 * or else waits for its twin itself (pending, not a difference);</li>
 * <li>records that waited while both sides were read past their lateness window become "missing";</li>
 * <li>add the totals, move the cursors to the horizons, record the pass.</li>
 * </ol>
 * Nothing is written elsewhere, so a pass that dies anywhere rolls back whole and the next one starts from the same
 * cursors: no record is lost or counted twice. Memory holds one row per side and a few hundred pending writes.
 */
final class ReconciliationPass {

    static final int WRITE_BATCH = 500;

    private final ReconciliationStore store;
    private final NotificationSource monolith;
    private final NotificationSource candidate;
    private final Duration grace;
    private final Duration lateness;
    private final Clock clock;
    private final String trigger;

    private final List<Difference> toSave = new ArrayList<>();
    private final List<AwaitingTwin> alone = new ArrayList<>();
    private long monolithRecords;
    private long candidateRecords;
    private long matched;
    private long pairsCompared;
    private long missingInCandidate;
    private long missingInMonolith;
    private long fieldMismatch;
    private long resolved;
    private Instant now;

    ReconciliationPass(ReconciliationStore store, NotificationSource monolith, NotificationSource candidate,
            ComparisonProperties properties, Clock clock, String trigger) {
        this.store = store;
        this.monolith = monolith;
        this.candidate = candidate;
        this.grace = properties.gracePeriod();
        this.lateness = properties.latenessWindow();
        this.clock = clock;
        this.trigger = trigger;
    }

    PassSummary run() {
        long started = System.nanoTime();
        now = clock.instant();
        store.lockOutOtherPasses();
        Cursors from = store.cursors();
        Instant monolithUntil = later(monolith.horizon(grace, lateness), from.monolith());
        Instant candidateUntil = later(candidate.horizon(grace, lateness), from.candidate());

        monolith.read(from.monolith(), monolithUntil, m -> candidate.read(from.candidate(), candidateUntil, c -> {
            merge(m, c);
            return null;
        }));
        meetTwins();
        flushDifferences();

        // A lone record is missing its twin once both sides have been read past its lateness window.
        Instant readOnBothSides = monolithUntil.isBefore(candidateUntil) ? monolithUntil : candidateUntil;
        Map<Side, Long> expired = store.expireAwaiting(readOnBothSides.minus(lateness), now);
        missingInCandidate += expired.getOrDefault(Side.MONOLITH, 0L);
        missingInMonolith += expired.getOrDefault(Side.CANDIDATE, 0L);

        store.addTotals(matched, pairsCompared, monolithRecords, candidateRecords);
        store.advanceCursors(monolithUntil, candidateUntil);
        Map<Side, Long> awaiting = store.awaitingBySide();
        long monolithAwaiting = awaiting.getOrDefault(Side.MONOLITH, 0L);
        long candidateAwaiting = awaiting.getOrDefault(Side.CANDIDATE, 0L);
        PassSummary summary = new PassSummary(trigger, now, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                monolithRecords, candidateRecords, matched, missingInCandidate, missingInMonolith, fieldMismatch,
                resolved, monolith.countFrom(monolithUntil) + monolithAwaiting,
                candidate.countFrom(candidateUntil) + candidateAwaiting, monolithAwaiting + candidateAwaiting);
        store.record(summary);
        return summary;
    }

    private void merge(Iterator<NotificationRecord> monolithRecords, Iterator<NotificationRecord> candidateRecords) {
        NotificationRecord m = next(monolithRecords);
        NotificationRecord c = next(candidateRecords);
        while (m != null || c != null) {
            if (c == null || (m != null && m.payrollId() < c.payrollId())) {
                alone(Side.MONOLITH, m);
                m = next(monolithRecords);
            }
            else if (m == null || c.payrollId() < m.payrollId()) {
                alone(Side.CANDIDATE, c);
                c = next(candidateRecords);
            }
            else {
                this.monolithRecords++;
                this.candidateRecords++;
                compare(m, c, now);
                m = next(monolithRecords);
                c = next(candidateRecords);
            }
        }
    }

    private void alone(Side side, NotificationRecord record) {
        if (side == Side.MONOLITH) {
            monolithRecords++;
        }
        else {
            candidateRecords++;
        }
        alone.add(new AwaitingTwin(side, record));
        if (alone.size() == WRITE_BATCH) {
            meetTwins();
        }
    }

    /** A pair: equal, or a field mismatch first seen at {@code firstSeenAt}. */
    private boolean compare(NotificationRecord fromMonolith, NotificationRecord fromCandidate, Instant firstSeenAt) {
        pairsCompared++;
        if (fromMonolith.sameFieldsAs(fromCandidate)) {
            matched++;
            return true;
        }
        fieldMismatch++;
        saveLater(Difference.between(fromMonolith.payrollId(), fromMonolith, fromCandidate, firstSeenAt));
        return false;
    }

    /**
     * Records read alone look for their twin among those read alone earlier (waiting, or already declared missing).
     * Found, the pair is compared; not found, the record waits for it.
     */
    private void meetTwins() {
        if (alone.isEmpty()) {
            return;
        }
        List<Long> ids = alone.stream().map(a -> a.record().payrollId()).toList();
        Map<Long, AwaitingTwin> waiting = store.awaitingTwins(ids);
        Map<Long, Difference> missing = store.missing(ids);
        List<Long> metWaiting = new ArrayList<>();
        List<Long> resolvedMissing = new ArrayList<>();
        List<AwaitingTwin> nowWaiting = new ArrayList<>();
        for (AwaitingTwin lone : alone) {
            long payrollId = lone.record().payrollId();
            AwaitingTwin twin = waiting.get(payrollId);
            Difference earlier = missing.get(payrollId);
            if (twin != null && twin.side() != lone.side()) {
                metWaiting.add(payrollId);
                compare(lone, twin.record(), now);
            }
            else if (earlier != null && earlier.presentSide() != lone.side()) {
                if (compare(lone, earlier.present(), earlier.firstSeenAt())) {
                    resolved++;
                    resolvedMissing.add(payrollId);
                }
            }
            else {
                nowWaiting.add(lone);
            }
        }
        if (!metWaiting.isEmpty()) {
            store.stopAwaiting(metWaiting);
        }
        if (!resolvedMissing.isEmpty()) {
            store.delete(resolvedMissing);
        }
        if (!nowWaiting.isEmpty()) {
            store.await(nowWaiting);
        }
        alone.clear();
    }

    private boolean compare(AwaitingTwin lone, NotificationRecord twin, Instant firstSeenAt) {
        return lone.side() == Side.MONOLITH ? compare(lone.record(), twin, firstSeenAt)
                : compare(twin, lone.record(), firstSeenAt);
    }

    private void saveLater(Difference difference) {
        toSave.add(difference);
        if (toSave.size() == WRITE_BATCH) {
            flushDifferences();
        }
    }

    private void flushDifferences() {
        if (!toSave.isEmpty()) {
            store.save(toSave);
            toSave.clear();
        }
    }

    private static NotificationRecord next(Iterator<NotificationRecord> records) {
        return records.hasNext() ? records.next() : null;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
