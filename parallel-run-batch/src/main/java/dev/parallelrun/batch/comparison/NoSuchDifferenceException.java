package dev.parallelrun.batch.comparison;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

class NoSuchDifferenceException extends ErrorResponseException {

    NoSuchDifferenceException(long payrollId) {
        super(HttpStatus.NOT_FOUND);
        getBody().setTitle("No such difference");
        getBody().setDetail("Payroll " + payrollId + " has no difference to acknowledge");
    }
}
