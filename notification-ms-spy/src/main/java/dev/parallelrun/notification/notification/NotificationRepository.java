package dev.parallelrun.notification.notification;

import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface NotificationRepository extends JpaRepository<Notification, Long> {

    /** Records the notification unless one exists for the payroll; 1 if recorded, 0 if it was already there. */
    @Modifying
    @Transactional
    @Query(nativeQuery = true, value = """
            INSERT INTO notification (payroll_id, ship_to, total, recipient, message, delivery, created_at)
            VALUES (:payrollId, :shipTo, :total, :recipient, :message, :delivery, :createdAt)
            ON CONFLICT (payroll_id) DO NOTHING""")
    int insertIfAbsent(long payrollId, String shipTo, BigDecimal total, String recipient, String message,
            String delivery, Instant createdAt);
}
