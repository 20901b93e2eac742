package dev.parallelrun.notificationservice.notification;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

class NotificationNotFoundException extends ErrorResponseException {

    NotificationNotFoundException(long payrollId) {
        super(HttpStatus.NOT_FOUND);
        getBody().setTitle("Notification not found");
        getBody().setDetail("No notification for payroll " + payrollId);
    }
}
