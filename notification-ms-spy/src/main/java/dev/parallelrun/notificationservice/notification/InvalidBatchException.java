package dev.parallelrun.notificationservice.notification;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A batch whose envelope cannot be answered event by event: 400 for the whole call. */
class InvalidBatchException extends ErrorResponseException {

    InvalidBatchException(String detail) {
        super(HttpStatus.BAD_REQUEST);
        getBody().setTitle("Invalid batch");
        getBody().setDetail(detail);
    }
}
