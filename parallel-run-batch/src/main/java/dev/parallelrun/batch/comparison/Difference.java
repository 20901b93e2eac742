package dev.parallelrun.batch.comparison;

import java.time.Instant;

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

    /** For a missing difference: the side whose record was there. */
    Side presentSide() {
        return kind == DifferenceKind.MISSING_IN_CANDIDATE ? Side.MONOLITH : Side.CANDIDATE;
    }

    /** For a missing difference: the record that was there (its creation time is not kept). */
    NotificationRecord present() {
        return presentSide() == Side.MONOLITH
                ? new NotificationRecord(payrollId, monolithRecipient, monolithMessage, null)
                : new NotificationRecord(payrollId, candidateRecipient, candidateMessage, null);
    }
}
