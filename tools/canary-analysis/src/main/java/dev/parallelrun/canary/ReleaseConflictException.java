package dev.parallelrun.canary;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A release asked for while another is in progress, or an abort with none: 409 problem+json saying which. */
class ReleaseConflictException extends ErrorResponseException {

    ReleaseConflictException(String detail) {
        super(HttpStatus.CONFLICT);
        getBody().setDetail(detail);
    }
}
