package dev.parallelrun.monolith.candidate;

import java.math.BigDecimal;

/** An event of the outbox due for delivery, with the attempts already made. */
record PendingDelivery(long payrollId, int attempts, String shipTo, BigDecimal total) {

    PayrollShippedEvent event() {
        return new PayrollShippedEvent(payrollId, shipTo, total.setScale(2));
    }
}
