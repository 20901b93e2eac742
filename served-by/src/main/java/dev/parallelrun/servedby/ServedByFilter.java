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
 * {@code /actuator} and the {@code /inventory} that reports the count.
 */
class ServedByFilter extends OncePerRequestFilter {

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
        if (isServedToUsers(request.getRequestURI())) {
            count.increment();
        }
        chain.doFilter(request, response);
    }

    private static boolean isServedToUsers(String path) {
        return !(path.equals("/inventory") || path.equals("/actuator") || path.startsWith("/actuator/"));
    }
}
