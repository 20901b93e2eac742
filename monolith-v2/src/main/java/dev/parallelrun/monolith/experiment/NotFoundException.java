package dev.parallelrun.monolith.experiment;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An experiment this monolith does not run, or an observation it does not have: 404 saying which. */
class NotFoundException extends ErrorResponseException {

    NotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND);
        getBody().setDetail(detail);
    }
}
