package dev.parallelrun.monolith.payroll;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The same Idempotency-Key came back with a different body: a client bug, never a new payroll. */
class IdempotencyKeyReusedException extends ErrorResponseException {

    IdempotencyKeyReusedException(String key, long payrollId) {
        super(HttpStatus.UNPROCESSABLE_CONTENT);
        getBody().setTitle("Idempotency-Key reused");
        getBody().setDetail("Idempotency-Key '" + key + "' was already used for payroll " + payrollId
                + " with a different body");
        getBody().setProperty("payrollId", payrollId);
    }
}
