package dev.parallelrun.notificationservice.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

@Entity
@Table(name = "notification")
class Notification {

    @Id
    @Column(name = "payroll_id")
    private Long payrollId;

    @Column(name = "ship_to", nullable = false, length = 100)
    private String shipTo;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal total;

    @Column(nullable = false, length = 100)
    private String recipient;

    @Column(nullable = false, length = 500)
    private String message;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private DeliveryMode delivery;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Notification() {
    }

    Long getPayrollId() {
        return payrollId;
    }

    String getRecipient() {
        return recipient;
    }

    String getMessage() {
        return message;
    }

    DeliveryMode getDelivery() {
        return delivery;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    /** Whether a repeated event carries the same facts as the one recorded. */
    boolean isSameEventAs(PayrollShippedEvent event) {
        return shipTo.equals(event.shipTo()) && total.compareTo(event.total()) == 0;
    }
}
