package dev.parallelrun.notification.notification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** The one write: JPA cannot say "insert unless present, and tell me when the database wrote it". */
interface NotificationInserts {

    /**
     * Records the notification unless one exists for the payroll. The creation time is the database's, taken as the
     * row is written (the comparison batch relies on it).
     *
     * @return when it was recorded, or empty if the payroll's notification was already there
     */
    Optional<Instant> insertIfAbsent(long payrollId, String shipTo, BigDecimal total, String recipient, String message,
            DeliveryMode delivery);
}
