package dev.parallelrun.notificationservice.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The one write: JPA cannot say "insert these unless present, and tell me which, and when the database wrote them". */
interface NotificationInserts {

    /** A notification to record: the event's facts and what this service built from them. */
    record NewNotification(PayrollShippedEvent event, String recipient, String message) {
    }

    /**
     * Records the notifications whose payroll has none yet, in one statement. Creation times are the database's,
     * taken as each row is written (the comparison batch relies on them).
     *
     * @return the payroll ids recorded now, with when; the others were already there
     */
    Map<Long, Instant> insertAbsent(List<NewNotification> notifications, DeliveryMode delivery);
}
