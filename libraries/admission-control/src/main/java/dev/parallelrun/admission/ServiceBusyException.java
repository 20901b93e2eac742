package dev.parallelrun.admission;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The instance is at its limit: 503 with {@code Retry-After}. Answered like every other error of the service, by its
 * problem+json exception handler.
 */
public class ServiceBusyException extends ErrorResponseException {

    ServiceBusyException(String service, int limit, Duration retryAfter) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(service, limit, retryAfter), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
    }

    private static ProblemDetail problem(String service, int limit, Duration retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, String.format(
                "%s is at capacity (%d requests in progress); retry after %d s", service, limit, seconds(retryAfter)));
        problem.setTitle("Service busy");
        return problem;
    }

    private static long seconds(Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
