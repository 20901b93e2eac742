package dev.parallelrun.notificationservice.notification;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Spring Data's fragment implementation of {@link NotificationInserts}, on {@code JdbcClient}. */
class NotificationInsertsImpl implements NotificationInserts {

    private final JdbcClient jdbc;

    NotificationInsertsImpl(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, Instant> insertAbsent(List<NewNotification> notifications, DeliveryMode delivery) {
        Map<Long, Instant> recorded = new HashMap<>();
        if (notifications.isEmpty()) {
            return recorded;
        }
        jdbc.sql("""
                INSERT INTO notification (payroll_id, ship_to, total, recipient, message, delivery)
                SELECT e.payroll_id, e.ship_to, e.total, e.recipient, e.message, :delivery
                FROM unnest(CAST(:ids AS BIGINT[]), CAST(:shipTos AS VARCHAR[]), CAST(:totals AS NUMERIC[]),
                            CAST(:recipients AS VARCHAR[]), CAST(:messages AS VARCHAR[]))
                     AS e (payroll_id, ship_to, total, recipient, message)
                ON CONFLICT (payroll_id) DO NOTHING
                RETURNING payroll_id, created_at""")
                .param("delivery", delivery.name())
                .param("ids", notifications.stream().map(n -> n.event().payrollId()).toArray(Long[]::new))
                .param("shipTos", notifications.stream().map(n -> n.event().shipTo()).toArray(String[]::new))
                .param("totals", notifications.stream().map(n -> n.event().total().toPlainString())
                        .toArray(String[]::new))
                .param("recipients", notifications.stream().map(NewNotification::recipient).toArray(String[]::new))
                .param("messages", notifications.stream().map(NewNotification::message).toArray(String[]::new))
                .query(rs -> {
                    recorded.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                });
        return recorded;
    }
}
