package dev.parallelrun.monolith.payroll;

import java.math.BigDecimal;
import java.time.Instant;

public record PayrollResponse(long id, String shipTo, BigDecimal total, Instant createdAt) {

    /** Always two decimals, as stored, whether the payroll was just created or read back. */
    static PayrollResponse of(Payroll payroll) {
        return of(payroll.getId(), payroll);
    }

    /** A payroll inserted without JPA ({@link PayrollInsertion}), under the id the database gave it. */
    static PayrollResponse of(long id, Payroll payroll) {
        return new PayrollResponse(id, payroll.getShipTo(), payroll.getTotal().setScale(2), payroll.getCreatedAt());
    }
}
