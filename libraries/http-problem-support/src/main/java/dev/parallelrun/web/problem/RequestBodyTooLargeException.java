package dev.parallelrun.web.problem;

import java.io.IOException;

/** Thrown while reading a request body that exceeds the limit; it reaches the handler as the cause of a read failure. */
class RequestBodyTooLargeException extends IOException {

    private final long limit;

    RequestBodyTooLargeException(long limit) {
        super("Request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
