package dev.parallelrun.monolith.notification;

import java.math.BigDecimal;

/** The legacy wording of a payroll notification, as the course's monolith wrote it. */
public record NotificationMessage(String recipient, String text) {

    static NotificationMessage forPayroll(long payrollId, String shipTo, BigDecimal total) {
        return new NotificationMessage(shipTo,
                "Payroll " + payrollId + " shipped to " + shipTo + " of " + formatTotal(total));
    }

    /** Plain decimal without trailing zeros: 320.00 reads "320", 320.50 reads "320.5". */
    static String formatTotal(BigDecimal total) {
        return total.stripTrailingZeros().toPlainString();
    }
}
