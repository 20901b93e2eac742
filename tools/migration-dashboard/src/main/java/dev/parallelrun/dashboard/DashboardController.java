package dev.parallelrun.dashboard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the page shows, one part per endpoint, each read from the service that knows it. A part whose service does not
 * answer is a {@code 200} with {@code available: false} and one line saying why: the page shows that line and the
 * other parts as usual.
 */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class DashboardController {

    /** The part and the data behind the parallel run's verdict, with the history of its passes. */
    record Comparison(JsonNode report, JsonNode passes) {
    }

    private final PartClient parts;
    private final Parts lab;
    private final ServedCounts served;

    DashboardController(PartClient parts, Parts lab, ServedCounts served) {
        this.parts = parts;
        this.lab = lab;
        this.served = served;
    }

    @GetMapping("/route")
    PartState route() {
        return state(() -> {
            String said = parts.text(lab.proxy(), "/proxy/health");
            return Route.parse(said).orElseThrow(() -> new PartUnavailableException(
                    "payment.service's proxy says something that is not a route: " + said.strip()));
        });
    }

    @GetMapping("/served")
    PartState served() {
        return state(() -> {
            var running = served.read();
            if (running.isEmpty()) {
                throw new PartUnavailableException("no version of the payment service is running: ./lab up 1 starts "
                        + "the first");
            }
            return running;
        });
    }

    @GetMapping("/comparison")
    PartState comparison() {
        return state(() -> new Comparison(
                parts.json(lab.parallelRunBatch(), "/notification/comparation/report?size=1", null),
                parts.json(lab.parallelRunBatch(), "/notification/comparation/passes?size=60", null)));
    }

    /** A page of differences, open or acknowledged, latest first, each with the parts that differ marked. */
    @GetMapping("/differences")
    PartState differences(@RequestParam(defaultValue = "open") @Pattern(regexp = "open|acknowledged",
                    message = "must be open or acknowledged") String status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000_000) int page,
            @RequestParam(defaultValue = "10") @Min(1) @Max(100) int size) {
        return state(() -> {
            JsonNode differences = parts.json(lab.parallelRunBatch(),
                    "/notification/comparation/differences?status=" + status + "&page=" + page + "&size=" + size,
                    null);
            for (JsonNode item : differences.path("items")) {
                Highlighter.Highlighted highlighted = Highlighter.between(
                        value(item, "monolithRecipient", "monolithMessage"),
                        value(item, "candidateRecipient", "candidateMessage"));
                ((ObjectNode) item).putPOJO("highlighted", highlighted);
            }
            return differences;
        });
    }

    /** Acknowledges one difference with who and why: the comparison's own endpoint decides, and its answer is relayed. */
    @PostMapping(path = "/differences/{payrollId}/acknowledgement", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> acknowledge(@PathVariable long payrollId, @RequestBody String acknowledgement) {
        return parts.relay(lab.parallelRunBatch(),
                "/notification/comparation/differences/" + payrollId + "/acknowledgement", acknowledgement);
    }

    @GetMapping("/experiment")
    PartState experiment() {
        return state(() -> parts.json(lab.experiment(), "/experiment/notify/report?size=5",
                "monolith-v2 does not run the experiment: Example 2 starts it (NOTIFICATION_MODE=experiment)"));
    }

    @GetMapping("/canary")
    PartState canary() {
        return state(() -> parts.json(lab.canaryAnalysis(), "/release",
                "no canary release has started yet: POST localhost:8086/release starts one"));
    }

    /**
     * The comparing proxy's report, each difference's values also as the JSON text they were ({@code primaryText},
     * {@code candidateText}): in the browser, 320.00 would read back as 320, and hide what differs.
     */
    @GetMapping("/comparing-proxy")
    PartState comparingProxy() {
        return state(() -> {
            JsonNode report = parts.json(lab.comparingProxy(), "/actuator/comparisons", null);
            for (JsonNode comparison : report.path("recent")) {
                for (JsonNode difference : comparison.path("differences")) {
                    ((ObjectNode) difference).put("primaryText", difference.path("primary").toString());
                    ((ObjectNode) difference).put("candidateText", difference.path("candidate").toString());
                }
            }
            return report;
        });
    }

    /** The acknowledgement could not be relayed: the comparison is not running. */
    @ExceptionHandler(PartUnavailableException.class)
    ProblemDetail unavailable(PartUnavailableException unavailable) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                unavailable.getMessage());
        problem.setTitle("Part unavailable");
        return problem;
    }

    /** A side's notification as one value, "recipient: message"; null when the side has none. */
    private static String value(JsonNode item, String recipient, String message) {
        JsonNode text = item.path(message);
        return text.isNull() || text.isMissingNode() ? null : item.path(recipient).asString() + ": " + text.asString();
    }

    private static PartState state(Supplier<Object> read) {
        try {
            return PartState.of(read.get());
        }
        catch (PartUnavailableException unavailable) {
            return PartState.absent(unavailable.getMessage());
        }
    }
}
