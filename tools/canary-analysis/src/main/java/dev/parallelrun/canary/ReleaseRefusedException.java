package dev.parallelrun.canary;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A release that cannot start as asked: 400 for a field that is wrong, 422 for a version with nothing running, 404 for
 * asking after a release when none has started; the detail says which and why.
 */
class ReleaseRefusedException extends ErrorResponseException {

    private ReleaseRefusedException(HttpStatus status, String detail) {
        super(status);
        getBody().setDetail(detail);
    }

    static ReleaseRefusedException invalid(String detail) {
        return new ReleaseRefusedException(HttpStatus.BAD_REQUEST, detail);
    }

    static ReleaseRefusedException notRunning(String detail) {
        return new ReleaseRefusedException(HttpStatus.UNPROCESSABLE_CONTENT, detail);
    }

    static ReleaseRefusedException noRelease(String detail) {
        return new ReleaseRefusedException(HttpStatus.NOT_FOUND, detail);
    }
}
