package dev.parallelrun.monolith.payroll;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Two ways to make this version answer unlike monolith-v1, both off by default: what the comparing proxy
 * (Example 3) must catch or accept.
 *
 * @param totals   {@code number} (as monolith-v1: {@code 320.00}) or {@code text} ({@code "320.00"}): the
 *                 regression a JSON setting changed in passing causes, every consumer that reads a number breaks
 * @param currency when set ({@code EUR}; empty is unset), a field every payroll answer gains: a compatible change, a consumer of the
 *                 old contract reads on
 */
@Validated
@ConfigurationProperties("payroll.rendering")
record PayrollRenderingProperties(@NotNull @DefaultValue("number") Totals totals,
        @Pattern(regexp = "|[A-Z]{3}", message = "must be an ISO 4217 code such as EUR, or empty") String currency) {

    enum Totals {
        NUMBER, TEXT
    }
}
