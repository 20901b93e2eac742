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
 * warm up before it is ready; and of those, the users who sent them ({@code X-User-Id}, the key a canary's split is
 * sticky on).
 */
class ServedByFilter extends OncePerRequestFilter {

    /** Sent by the instance to itself before it is ready (the warm-up library): not a user's request. */
    static final String WARM_UP_HEADER = "X-Warm-Up";

    /** Who sent the request, as payment.service's split reads it. */
    static final String USER_HEADER = "X-User-Id";

    private final String servedBy;
    private final ServedCount count;
    private final UsersSeen users;

    ServedByFilter(InstanceIdentity identity, ServedCount count, UsersSeen users) {
        this.servedBy = identity.servedBy();
        this.count = count;
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(InstanceIdentity.HEADER, servedBy);
        if (isServedToUsers(request.getRequestURI()) && request.getHeader(WARM_UP_HEADER) == null) {
            count.increment();
            String user = request.getHeader(USER_HEADER);
            if (user != null && !user.isEmpty()) {
                users.record(user);
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isServedToUsers(String path) {
        return !(path.equals("/inventory") || path.equals("/actuator") || path.startsWith("/actuator/"));
    }
}
