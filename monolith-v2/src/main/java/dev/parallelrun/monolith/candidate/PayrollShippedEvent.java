package dev.parallelrun.monolith.candidate;

import java.math.BigDecimal;

/**
 * The business event the notification microservice receives: the facts of a payroll, never a ready-made message,
 * so the microservice must build the notification itself and the comparison proves something. This is the
 * monolith's own copy of the contract; {@code docs/contracts/payroll-shipped-event.json} pins it on both sides.
 */
record PayrollShippedEvent(long payrollId, String shipTo, BigDecimal total) {
}
