package dev.parallelrun.monolith.payroll;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import tools.jackson.databind.annotation.JsonAppend;
import tools.jackson.databind.cfg.ContextAttributes;

/**
 * {@code PAYROLL_RENDERING_TOTALS=text} and {@code PAYROLL_RENDERING_CURRENCY=EUR} applied where JSON is written, so
 * that the payroll code stays the same in every setting.
 */
@Configuration(proxyBeanMethods = false)
class PayrollRenderingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PayrollRenderingConfiguration.class);

    static final String CURRENCY = "currency";

    @Bean
    JsonMapperBuilderCustomizer payrollRendering(PayrollRenderingProperties rendering) {
        return builder -> {
            if (rendering.totals() == PayrollRenderingProperties.Totals.TEXT) {
                log.warn("PAYROLL_RENDERING_TOTALS=text: totals are written as text (\"320.00\"), unlike monolith-v1");
                builder.withConfigOverride(BigDecimal.class,
                        override -> override.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)));
            }
            if (StringUtils.hasText(rendering.currency())) {
                log.warn("PAYROLL_RENDERING_CURRENCY={}: every payroll answer gains a currency field, unlike"
                        + " monolith-v1", rendering.currency());
                builder.addMixIn(PayrollResponse.class, WithCurrency.class)
                        .defaultAttributes(ContextAttributes.getEmpty().withSharedAttribute(CURRENCY,
                                rendering.currency()));
            }
        };
    }

    /** The {@code currency} field appended to a payroll's JSON, its value the mapper's shared attribute. */
    @JsonAppend(attrs = @JsonAppend.Attr(CURRENCY))
    interface WithCurrency {
    }
}
