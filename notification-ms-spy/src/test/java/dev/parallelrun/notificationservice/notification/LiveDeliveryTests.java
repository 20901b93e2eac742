package dev.parallelrun.notificationservice.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.notificationservice.TestcontainersConfiguration;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

/** Stage 3: live delivery sends (the "Notification sent" line) and records, still once per payroll. */
@SpringBootTest(properties = { "notification.delivery=live",
        "notification.template=Payroll {id} shipped to {shipTo} of {total}" })
@Import(TestcontainersConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class LiveDeliveryTests {

    @Autowired
    NotificationService notifications;

    @Test
    void sendsOnceAndRecords(CapturedOutput output) {
        PayrollShippedEvent event = new PayrollShippedEvent(201L, "Live", new BigDecimal("320.00"));

        assertThat(notifications.receive(event).outcome()).isEqualTo(EventOutcome.Kind.RECORDED);
        assertThat(notifications.receive(event).outcome()).isEqualTo(EventOutcome.Kind.DUPLICATE);

        assertThat(NotificationServiceTests.lines(output, "Notification sent to Live: Payroll 201 shipped to Live of 320"))
                .isEqualTo(1);
        assertThat(NotificationServiceTests.lines(output, "spy, not sent")).isZero();
        assertThat(notifications.find(201).orElseThrow().delivery()).isEqualTo(DeliveryMode.LIVE);
    }
}
