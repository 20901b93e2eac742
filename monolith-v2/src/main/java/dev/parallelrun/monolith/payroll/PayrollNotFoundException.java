package dev.parallelrun.monolith.payroll;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

class PayrollNotFoundException extends ErrorResponseException {

    PayrollNotFoundException(long id) {
        super(HttpStatus.NOT_FOUND);
        getBody().setTitle("Payroll not found");
        getBody().setDetail("No payroll with id " + id);
    }
}
