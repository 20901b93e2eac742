package dev.parallelrun.notification.notification;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Spring Data's fragment implementation of {@link NotificationInserts}, on {@code JdbcClient}. */
class NotificationInsertsImpl implements NotificationInserts {

    private final JdbcClient jdbc;

    NotificationInsertsImpl(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Instant> insertIfAbsent(long payrollId, String shipTo, BigDecimal total, String recipient,
            String message, DeliveryMode delivery) {
        return jdbc.sql("""
                INSERT INTO notification (payroll_id, ship_to, total, recipient, message, delivery)
                VALUES (:payrollId, :shipTo, :total, :recipient, :message, :delivery)
                ON CONFLICT (payroll_id) DO NOTHING
                RETURNING created_at""")
                .param("payrollId", payrollId).param("shipTo", shipTo).param("total", total)
                .param("recipient", recipient).param("message", message).param("delivery", delivery.name())
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }
}
