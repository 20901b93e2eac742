package dev.parallelrun.monolith.payroll;

import dev.parallelrun.web.text.NotBlankText;
import dev.parallelrun.web.text.PlainText;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * The body of {@code POST /payroll}. Unknown and repeated fields are refused (http-problem-support's strict JSON),
 * so a typo such as {@code shipto} is reported instead of silently dropped; {@code shipTo} is plain text in any
 * script, never blank in any script.
 */
public record CreatePayrollRequest(
        @NotBlankText
        @PlainText
        @Size(max = SHIP_TO_MAX_LENGTH)
        String shipTo,

        @NotNull
        @Positive
        @DecimalMax(value = TOTAL_MAX, message = "must be at most " + TOTAL_MAX)
        // Decimals only: the maximum bounds the whole part (1e30 is too large, not too precise).
        @Digits(integer = Integer.MAX_VALUE, fraction = 2, message = "must have at most 2 decimals")
        BigDecimal total) {

    public static final int SHIP_TO_MAX_LENGTH = 100;
    public static final String TOTAL_MAX = "1000000000";
}
