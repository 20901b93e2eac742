package dev.parallelrun.batch.comparison;

import java.time.Instant;

/** One side's notification for a payroll: what is compared, and when that side's database wrote it. */
record NotificationRecord(long payrollId, String recipient, String message, Instant createdAt) {

    boolean sameFieldsAs(NotificationRecord other) {
        return recipient.equals(other.recipient) && message.equals(other.message);
    }
}
