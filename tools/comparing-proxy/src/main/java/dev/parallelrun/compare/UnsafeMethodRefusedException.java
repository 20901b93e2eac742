package dev.parallelrun.compare;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An unsafe method not allowed by {@code comparing-proxy.allowed-unsafe-methods}: forwarded, it would be performed
 * by every target, so it is refused unless the operator has given each target its own throwaway data.
 */
class UnsafeMethodRefusedException extends ErrorResponseException {

    UnsafeMethodRefusedException(String method, List<String> allowedUnsafeMethods) {
        super(HttpStatus.METHOD_NOT_ALLOWED, problem(method), null);
        Set<HttpMethod> allowed = new LinkedHashSet<>(List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS));
        allowedUnsafeMethods.forEach(name -> allowed.add(HttpMethod.valueOf(name)));
        getHeaders().setAllow(allowed);
    }

    private static ProblemDetail problem(String method) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, method
                + " is not forwarded: every target would perform it. Give each target its own throwaway data, then"
                + " allow it with COMPARINGPROXY_ALLOWEDUNSAFEMETHODS=" + method);
        problem.setTitle("Unsafe method not allowed");
        return problem;
    }
}
