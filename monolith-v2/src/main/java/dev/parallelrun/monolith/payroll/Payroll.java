package dev.parallelrun.monolith.payroll;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

@Entity
@Table(name = "payroll")
class Payroll {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "ship_to", nullable = false, length = CreatePayrollRequest.SHIP_TO_MAX_LENGTH)
    private String shipTo;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal total;

    @Column(name = "idempotency_key", unique = true, length = PayrollController.IDEMPOTENCY_KEY_MAX_LENGTH)
    private String idempotencyKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Payroll() {
    }

    Payroll(String shipTo, BigDecimal total, String idempotencyKey, Instant createdAt) {
        this.shipTo = shipTo;
        this.total = total;
        this.idempotencyKey = idempotencyKey;
        this.createdAt = createdAt;
    }

    Long getId() {
        return id;
    }

    String getShipTo() {
        return shipTo;
    }

    BigDecimal getTotal() {
        return total;
    }

    String getIdempotencyKey() {
        return idempotencyKey;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    /** Whether a request repeated under this payroll's idempotency key asks for the same payroll. */
    boolean isSameRequestAs(CreatePayrollRequest request) {
        return shipTo.equals(request.shipTo()) && total.compareTo(request.total()) == 0;
    }
}
