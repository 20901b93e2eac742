package dev.parallelrun.monolith.payroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The two renderings a comparing proxy must tell apart from monolith-v1's, and the default that is monolith-v1's. */
class PayrollRenderingTests {

    static final PayrollResponse PAYROLL = new PayrollResponse(7, "Juablaz", new BigDecimal("320.00"),
            Instant.parse("2026-11-24T10:00:00Z"));

    static final String AS_V1 = "{\"id\":7,\"shipTo\":\"Juablaz\",\"total\":320.00,\"createdAt\":\"2026-11-24T10:00:00Z\"}";

    abstract static class Rendering {

        @Autowired
        MockMvc mvc;

        @MockitoBean
        PayrollService payrolls;

        String payroll() throws Exception {
            given(payrolls.find(7)).willReturn(Optional.of(PAYROLL));
            return mvc.perform(get("/payroll/7")).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString();
        }
    }

    @Nested
    @WebMvcTest(PayrollController.class)
    @Import(PayrollRenderingConfiguration.class)
    @EnableConfigurationProperties(PayrollRenderingProperties.class)
    class ByDefault extends Rendering {

        @Test
        void aPayrollIsWrittenAsMonolithV1WritesIt() throws Exception {
            assertThat(payroll()).isEqualTo(AS_V1);
        }
    }

    @Nested
    @WebMvcTest(controllers = PayrollController.class, properties = "payroll.rendering.totals=text")
    @Import(PayrollRenderingConfiguration.class)
    @EnableConfigurationProperties(PayrollRenderingProperties.class)
    class TotalsAsText extends Rendering {

        @Test
        void theTotalIsText() throws Exception {
            assertThat(payroll()).isEqualTo(AS_V1.replace("320.00", "\"320.00\""));
        }
    }

    @Nested
    @WebMvcTest(controllers = PayrollController.class, properties = "payroll.rendering.currency=EUR")
    @Import(PayrollRenderingConfiguration.class)
    @EnableConfigurationProperties(PayrollRenderingProperties.class)
    class WithCurrency extends Rendering {

        @Test
        void aCurrencyFieldIsAdded() throws Exception {
            assertThat(payroll()).isEqualTo(AS_V1.replace("}", ",\"currency\":\"EUR\"}"));
        }
    }
}
