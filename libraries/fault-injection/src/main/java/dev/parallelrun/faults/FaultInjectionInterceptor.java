package dev.parallelrun.faults;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Runs once the request has found its handler, so metrics record an injected 500 under the route it hit (the
 * canary analysis reads them per route), and the answer is problem+json like every other error of the lab.
 */
class FaultInjectionInterceptor implements HandlerInterceptor {

    private static final byte[] PROBLEM = """
            {"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Injected fault (faults.error-rate)"}
            """.strip().getBytes(StandardCharsets.UTF_8);

    private final FaultsProperties faults;

    FaultInjectionInterceptor(FaultsProperties faults) {
        this.faults = faults;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException, InterruptedException {
        if (faults.latency().compareTo(Duration.ZERO) > 0) {
            Thread.sleep(faults.latency().toMillis());
        }
        if (faults.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < faults.errorRate()) {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(PROBLEM);
            return false;
        }
        return true;
    }
}
