package dev.parallelrun.notificationservice.notification;

import java.time.Instant;

public record NotificationResponse(long payrollId, String recipient, String message, DeliveryMode delivery,
        Instant createdAt) {

    static NotificationResponse of(Notification notification) {
        return new NotificationResponse(notification.getPayrollId(), notification.getRecipient(),
                notification.getMessage(), notification.getDelivery(), notification.getCreatedAt());
    }
}
