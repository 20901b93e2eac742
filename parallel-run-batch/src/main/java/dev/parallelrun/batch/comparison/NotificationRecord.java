package dev.parallelrun.batch.comparison;

/** One side's notification for a payroll: what is compared. */
record NotificationRecord(long payrollId, String recipient, String message) {

    boolean sameFieldsAs(NotificationRecord other) {
        return recipient.equals(other.recipient) && message.equals(other.message);
    }
}
