package dev.parallelrun.batch.comparison;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A listing asked for a status that does not exist: 400, saying which ones do. */
class UnknownStatusException extends ErrorResponseException {

    UnknownStatusException(String status) {
        super(HttpStatus.BAD_REQUEST);
        getBody().setTitle("Unknown status");
        getBody().setDetail("status must be open, acknowledged or all, not '"
                + (status.length() > 20 ? status.substring(0, 20) + "…" : status) + "'");
    }
}
