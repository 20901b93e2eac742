package dev.parallelrun.batch.comparison;

import dev.parallelrun.batch.comparison.ReconciliationStore.Cursors;
import dev.parallelrun.batch.comparison.ReconciliationStore.Difference;
import dev.parallelrun.batch.comparison.ReconciliationStore.OpenMissing;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One reconciliation pass, run inside the caller's transaction on the batch's database:
 * <ol>
 * <li>take the pass lock, read the cursors, and fix each side's horizon (its now minus the grace period);</li>
 * <li>stream both sides' records created between cursor and horizon in payroll id order and merge them:
 * equal pairs are counted, unequal ones saved as mismatches, a lone record either resolves an earlier "missing"
 * (its twin came late) or is saved as missing on the other side;</li>
 * <li>add the totals, move the cursors to the horizons, record the pass.</li>
 * </ol>
 * Nothing is written elsewhere, so a pass that dies anywhere rolls back whole and the next one starts from the
 * same cursors: no record is lost or counted twice. Memory holds one row per side, the ids of open "missing"
 * differences, and a few hundred pending writes.
 */
final class ReconciliationPass {

    static final int WRITE_BATCH = 500;

    private final ReconciliationStore store;
    private final NotificationSource monolith;
    private final NotificationSource candidate;
    private final Duration grace;
    private final Clock clock;
    private final String trigger;

    private final List<Difference> toSave = new ArrayList<>();
    private final List<NotificationRecord> lateTwins = new ArrayList<>();
    private long monolithRecords;
    private long candidateRecords;
    private long matched;
    private long missingInCandidate;
    private long missingInMonolith;
    private long fieldMismatch;
    private long resolved;
    private Instant now;

    ReconciliationPass(ReconciliationStore store, NotificationSource monolith, NotificationSource candidate,
            Duration grace, Clock clock, String trigger) {
        this.store = store;
        this.monolith = monolith;
        this.candidate = candidate;
        this.grace = grace;
        this.clock = clock;
        this.trigger = trigger;
    }

    PassSummary run() throws SQLException {
        long started = System.nanoTime();
        now = clock.instant();
        store.lockOutOtherPasses();
        Cursors cursors = store.cursors();
        Instant monolithUntil = later(monolith.horizon(grace), cursors.monolith());
        Instant candidateUntil = later(candidate.horizon(grace), cursors.candidate());
        OpenMissing open = store.openMissing();

        try (NotificationSource.Stream m = monolith.open(cursors.monolith(), monolithUntil);
                NotificationSource.Stream c = candidate.open(cursors.candidate(), candidateUntil)) {
            boolean hasM = m.advance();
            boolean hasC = c.advance();
            while (hasM || hasC) {
                if (hasM && (!hasC || m.current().payrollId() < c.current().payrollId())) {
                    lone(m.current(), true, open);
                    monolithRecords++;
                    hasM = m.advance();
                }
                else if (!hasM || c.current().payrollId() < m.current().payrollId()) {
                    lone(c.current(), false, open);
                    candidateRecords++;
                    hasC = c.advance();
                }
                else {
                    pair(m.current(), c.current());
                    monolithRecords++;
                    candidateRecords++;
                    hasM = m.advance();
                    hasC = c.advance();
                }
            }
        }
        flushLateTwins();
        flushDifferences();

        store.addTotals(matched, monolithRecords, candidateRecords);
        store.advanceCursors(monolithUntil, candidateUntil);
        PassSummary summary = new PassSummary(trigger, now, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                monolithRecords, candidateRecords, matched, missingInCandidate, missingInMonolith, fieldMismatch,
                resolved, monolith.countCreatedAfter(monolithUntil), candidate.countCreatedAfter(candidateUntil));
        store.record(summary);
        return summary;
    }

    private void pair(NotificationRecord fromMonolith, NotificationRecord fromCandidate) {
        if (fromMonolith.sameFieldsAs(fromCandidate)) {
            matched++;
        }
        else {
            fieldMismatch++;
            saveLater(Difference.between(fromMonolith.payrollId(), fromMonolith, fromCandidate, now));
        }
    }

    /**
     * A record without a twin in this pass. If the other side's record was seen alone in an earlier pass, this is
     * its late twin; otherwise it is missing on the other side (for now: a later twin resolves it).
     */
    private void lone(NotificationRecord record, boolean fromMonolith, OpenMissing open) {
        DifferenceKind awaitedByTheOtherSide = fromMonolith
                ? DifferenceKind.MISSING_IN_MONOLITH : DifferenceKind.MISSING_IN_CANDIDATE;
        if (open.kindOf(record.payrollId()) == awaitedByTheOtherSide) {
            lateTwins.add(record);
            if (lateTwins.size() == WRITE_BATCH) {
                flushLateTwins();
            }
        }
        else if (fromMonolith) {
            missingInCandidate++;
            saveLater(Difference.between(record.payrollId(), record, null, now));
        }
        else {
            missingInMonolith++;
            saveLater(Difference.between(record.payrollId(), null, record, now));
        }
    }

    /** Late twins meet the record that waited for them: equal pairs resolve, unequal ones become mismatches. */
    private void flushLateTwins() {
        if (lateTwins.isEmpty()) {
            return;
        }
        Map<Long, Difference> waiting = store.find(lateTwins.stream().map(NotificationRecord::payrollId).toList())
                .stream().collect(Collectors.toMap(Difference::payrollId, Function.identity()));
        List<Long> agreed = new ArrayList<>();
        for (NotificationRecord twin : lateTwins) {
            Difference earlier = waiting.get(twin.payrollId());
            NotificationRecord present = earlier.present();
            boolean twinIsCandidate = earlier.kind() == DifferenceKind.MISSING_IN_CANDIDATE;
            if (present.sameFieldsAs(twin)) {
                agreed.add(twin.payrollId());
                matched++;
                resolved++;
            }
            else {
                fieldMismatch++;
                saveLater(Difference.between(twin.payrollId(), twinIsCandidate ? present : twin,
                        twinIsCandidate ? twin : present, earlier.firstSeenAt()));
            }
        }
        if (!agreed.isEmpty()) {
            store.delete(agreed);
        }
        lateTwins.clear();
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

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
