package dev.parallelrun.notificationservice.notification;

import dev.parallelrun.web.text.NotBlankText;
import dev.parallelrun.web.text.PlainText;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * The business event the monolith sends for each payroll: facts only, no message. This service's own copy of the
 * contract; {@code docs/contracts/payroll-shipped-event.json} pins it on both sides.
 */
public record PayrollShippedEvent(
        @NotNull @Positive Long payrollId,

        @NotBlankText
        @PlainText
        @Size(max = 100)
        String shipTo,

        @NotNull
        @Positive
        @DecimalMax(value = "1000000000", message = "must be at most 1000000000")
        // Decimals only: the maximum bounds the whole part (1e30 is too large, not too precise).
        @Digits(integer = Integer.MAX_VALUE, fraction = 2, message = "must have at most 2 decimals")
        BigDecimal total) {
}
