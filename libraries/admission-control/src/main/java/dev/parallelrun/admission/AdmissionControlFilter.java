package dev.parallelrun.admission;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Lets a request in when the limiter has a place for it (waiting in its backlog for one, briefly), and answers it
 * 503 at once when not: past its capacity the instance serves what it can at full speed instead of letting every
 * request queue until it times out. The rejection is a {@link ServiceBusyException}, written by the service's own
 * exception handler, so it reads like every other error.
 */
class AdmissionControlFilter extends OncePerRequestFilter {

    private final AdmissionLimiter limiter;
    private final AdmissionProperties properties;
    private final HandlerExceptionResolver errors;

    AdmissionControlFilter(AdmissionLimiter limiter, AdmissionProperties properties, HandlerExceptionResolver errors) {
        this.limiter = limiter;
        this.properties = properties;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return properties.exempt().stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Limiter.Listener> admitted = limiter.acquire();
        if (admitted.isEmpty()) {
            errors.resolveException(request, response, null, limiter.busy());
            return;
        }
        Limiter.Listener listener = admitted.get();
        try {
            chain.doFilter(request, response);
            listener.onSuccess();
        }
        catch (IOException | ServletException | RuntimeException ex) {
            listener.onIgnore();
            throw ex;
        }
    }
}
