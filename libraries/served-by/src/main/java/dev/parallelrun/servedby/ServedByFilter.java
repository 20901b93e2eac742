package dev.parallelrun.servedby;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the instance on every response, errors included: the header is set before anything else runs, so a 404, a
 * 413 or a 500 carries it too. Counts what the instance served for its users: everything but the operators'
 * {@code /actuator}, the {@code /inventory} that reports the count, and the requests an instance sends itself to
 * warm up before it is ready.
 */
class ServedByFilter extends OncePerRequestFilter {

    /** Sent by the instance to itself before it is ready (the warm-up library): not a user's request. */
    static final String WARM_UP_HEADER = "X-Warm-Up";

    private final String servedBy;
    private final ServedCount count;

    ServedByFilter(InstanceIdentity identity, ServedCount count) {
        this.servedBy = identity.servedBy();
        this.count = count;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(InstanceIdentity.HEADER, servedBy);
        if (isServedToUsers(request.getRequestURI()) && request.getHeader(WARM_UP_HEADER) == null) {
            count.increment();
        }
        chain.doFilter(request, response);
    }

    private static boolean isServedToUsers(String path) {
        return !(path.equals("/inventory") || path.equals("/actuator") || path.startsWith("/actuator/"));
    }
}
