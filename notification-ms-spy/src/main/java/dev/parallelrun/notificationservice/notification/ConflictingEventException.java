package dev.parallelrun.notificationservice.notification;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An event for a payroll already notified with other facts: 409, never a second notification. */
class ConflictingEventException extends ErrorResponseException {

    ConflictingEventException(String detail) {
        super(HttpStatus.CONFLICT);
        getBody().setTitle("Conflicting event");
        getBody().setDetail(detail);
    }
}
