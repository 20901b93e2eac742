package dev.parallelrun.monolith.payroll;

import java.math.BigDecimal;

/** Published inside the payroll's transaction; listeners that notify must wait for the commit. */
public record PayrollCreated(long payrollId, String shipTo, BigDecimal total) {
}
