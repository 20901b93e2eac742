package dev.parallelrun.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationTemplateTests {

    private final NotificationTemplate course = new NotificationTemplate(
            new NotificationProperties(DeliveryMode.SPY, "Payroll {id} shipped to {shipTo} of {total}"));

    @Test
    void buildsTheCourseWordingFromTheEvent() {
        PayrollShippedEvent event = new PayrollShippedEvent(7L, "Juablaz", new BigDecimal("320.00"));

        assertThat(course.recipientOf(event)).isEqualTo("Juablaz");
        assertThat(course.messageOf(event)).isEqualTo("Payroll 7 shipped to Juablaz of 320");
    }

    @ParameterizedTest
    @CsvSource({ "320.00, 320", "320.50, 320.5", "0.10, 0.1", "100, 100", "1000000000.00, 1000000000" })
    void writesAmountsWithoutTrailingZeros(String total, String expected) {
        assertThat(NotificationTemplate.amount(new BigDecimal(total))).isEqualTo(expected);
    }

    @Test
    void followsAConfiguredTemplate() {
        NotificationTemplate custom = new NotificationTemplate(
                new NotificationProperties(DeliveryMode.SPY, "Paid {total} to {shipTo} (payroll #{id})"));

        assertThat(custom.messageOf(new PayrollShippedEvent(3L, "Ana", new BigDecimal("5.50"))))
                .isEqualTo("Paid 5.5 to Ana (payroll #3)");
    }
}
