package dev.parallelrun.canary;

import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import tools.jackson.databind.JsonNode;

/**
 * The parallel run's own verdict (parallel-run-batch, an HTTP service group configured by
 * {@code spring.http.serviceclient.parallel-run-batch.*}): a pass now, then its report's verdict and summary.
 */
@HttpExchange(accept = "application/json")
interface ParallelRunVerdict {

    String GROUP = "parallel-run-batch";

    /** Runs a pass now: {@code true} or {@code false}. */
    @GetExchange("/notification/comparation")
    String comparation();

    /** {@code verdict} (NOTHING_COMPARED, CONSISTENT, DIFFERENCES_OPEN) and {@code summary}, in words. */
    @GetExchange("/notification/comparation/report?size=1")
    JsonNode report();
}
