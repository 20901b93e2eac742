package dev.parallelrun.monolith.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationMessageTests {

    @ParameterizedTest
    @CsvSource({ "320, 320", "320.00, 320", "320.50, 320.5", "0.10, 0.1", "1000000000.00, 1000000000", "0.01, 0.01" })
    void formatsTotalAsPlainDecimalWithoutTrailingZeros(String total, String expected) {
        assertThat(NotificationMessage.formatTotal(new BigDecimal(total))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void usesTheCourseWording() {
        NotificationMessage message = NotificationMessage.forPayroll(7, "Juablaz", new BigDecimal("320.00"));

        assertThat(message.recipient()).isEqualTo("Juablaz");
        assertThat(message.text()).isEqualTo("Payroll 7 shipped to Juablaz of 320");
    }
}
