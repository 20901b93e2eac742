package dev.parallelrun.monolith.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A notification the monolith really sent, kept so the parallel run can be reconciled. */
@Entity
@Table(name = "notification")
class LegacyNotification {

    @Id
    @Column(name = "payroll_id")
    private Long payrollId;

    @Column(nullable = false, length = 100)
    private String recipient;

    @Column(nullable = false, length = 500)
    private String message;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected LegacyNotification() {
    }

    LegacyNotification(long payrollId, NotificationMessage message, Instant createdAt) {
        this.payrollId = payrollId;
        this.recipient = message.recipient();
        this.message = message.text();
        this.createdAt = createdAt;
    }
}
