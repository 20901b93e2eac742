package dev.parallelrun.compare;

import dev.parallelrun.compare.ComparingProxyProperties.Answer;
import dev.parallelrun.compare.ComparisonLog.Comparison;
import dev.parallelrun.compare.ComparisonLog.Outcome;
import dev.parallelrun.compare.ExchangeComparator.Verdict;
import dev.parallelrun.compare.Targets.IncomingRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request, whatever its method and path, goes to the primary, the candidate and the secondary at once. With
 * {@code answer=verdict} the client waits for all three and gets the comparison: 200 when the answers are equal
 * (noise aside), 412 problem+json listing each difference, 502 or 504 when a target gave no answer. With
 * {@code answer=mirror} it gets the primary's answer as soon as it is there, and the comparison is made aside.
 */
@RestController
class ComparingProxyController {

    private static final Logger log = LoggerFactory.getLogger(ComparingProxyController.class);

    private final ComparingProxyProperties properties;
    private final Targets targets;
    private final ExchangeComparator comparator;
    private final ComparisonLog comparisons;
    private final JsonMapper json;
    private final MeterRegistry meters;

    ComparingProxyController(ComparingProxyProperties properties, Targets targets, ExchangeComparator comparator,
            ComparisonLog comparisons, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.targets = targets;
        this.comparator = comparator;
        this.comparisons = comparisons;
        this.json = json;
        this.meters = meters;
    }

    @RequestMapping("/**")
    ResponseEntity<?> compare(HttpServletRequest servletRequest, @RequestBody(required = false) byte[] body) {
        String method = servletRequest.getMethod();
        if (!properties.allows(method)) {
            throw new UnsafeMethodRefusedException(method, properties.allowedUnsafeMethods());
        }
        String query = servletRequest.getQueryString();
        IncomingRequest request = new IncomingRequest(method,
                servletRequest.getRequestURI() + (query == null ? "" : "?" + query), headers(servletRequest),
                body == null ? new byte[0] : body);
        CompletableFuture<TargetResponse> primary = send("primary", properties.primary(), request);
        CompletableFuture<TargetResponse> candidate = send("candidate", properties.candidate(), request);
        CompletableFuture<TargetResponse> secondary = properties.secondary() == null
                ? CompletableFuture.completedFuture(null)
                : send("secondary", properties.secondary(), request);
        CompletableFuture<Comparison> compared = CompletableFuture.allOf(primary, candidate, secondary)
                .thenApply(all -> judge(request, primary.join(), candidate.join(), secondary.join()))
                .whenComplete((comparison, error) -> {
                    if (error != null) {
                        log.error("{} {}: the answers could not be compared", method, request.pathAndQuery(), error);
                    }
                });
        if (properties.answer() == Answer.MIRROR) {
            TargetResponse answer = primary.join();
            return answer.answered() ? relay(answer) : failed(request, Map.of("primary", answer.failure()),
                    answer.timedOut());
        }
        Comparison comparison = compared.join();
        return switch (comparison.outcome()) {
            case EQUAL -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(json.writeValueAsBytes(comparison));
            case DIFFERENT -> different(comparison);
            case FAILED -> failed(request, comparison.failures(), Stream.of(primary, candidate, secondary)
                    .map(CompletableFuture::join).anyMatch(response -> response != null && response.timedOut()));
        };
    }

    private CompletableFuture<TargetResponse> send(String target, URI base, IncomingRequest request) {
        Timer timer = Timer.builder("comparing.proxy.target.duration")
                .description("From sending a request to a target to its whole answer, or its failure")
                .tag("target", target)
                .register(meters);
        return targets.send(target, base, request).whenComplete((response, error) -> {
            if (response != null) {
                timer.record(response.elapsed());
            }
        });
    }

    private Comparison judge(IncomingRequest request, TargetResponse primary, TargetResponse candidate,
            TargetResponse secondary) {
        Map<String, String> failures = new LinkedHashMap<>();
        for (TargetResponse response : new TargetResponse[] { primary, candidate, secondary }) {
            if (response != null && !response.answered()) {
                failures.put(response.target(), response.failure());
            }
        }
        if (!failures.isEmpty()) {
            return comparisons.record(request.method(), request.pathAndQuery(), Outcome.FAILED, List.of(), List.of(),
                    failures);
        }
        Verdict verdict = comparator.compare(primary, candidate, secondary);
        Comparison comparison = comparisons.record(request.method(), request.pathAndQuery(),
                verdict.equal() ? Outcome.EQUAL : Outcome.DIFFERENT, verdict.differences(), verdict.noise(), Map.of());
        if (!verdict.equal()) {
            log.info("{} {}: the candidate answered differently: {}", request.method(), request.pathAndQuery(),
                    verdict.real());
        }
        return comparison;
    }

    private ResponseEntity<byte[]> relay(TargetResponse answer) {
        HttpHeaders headers = new HttpHeaders();
        answer.headers().forEach((name, values) -> {
            if (!Targets.HOP_BY_HOP.contains(name)) {
                headers.addAll(name, values);
            }
        });
        return ResponseEntity.status(answer.status()).headers(headers).body(answer.body());
    }

    private ResponseEntity<byte[]> different(Comparison comparison) {
        List<Difference> real = comparison.differences().stream().filter(difference -> !difference.noise()).toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
                real.size() + (real.size() == 1 ? " difference: " : " differences: ")
                        + real.stream().map(Difference::toString).collect(Collectors.joining("; ")));
        problem.setTitle("The candidate answered differently");
        problem.setInstance(URI.create("/actuator/comparisons/" + comparison.id()));
        problem.setProperty("endpoint", comparison.endpoint());
        problem.setProperty("mode", properties.mode().name().toLowerCase(Locale.ROOT));
        problem.setProperty("differences", comparison.differences());
        problem.setProperty("noise", comparison.noise());
        return problem(problem);
    }

    private ResponseEntity<byte[]> failed(IncomingRequest request, Map<String, String> failures, boolean timedOut) {
        HttpStatus status = timedOut ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, failures.entrySet().stream()
                .map(failure -> "the " + failure.getKey() + " gave " + failure.getValue())
                .collect(Collectors.joining("; ")) + ": nothing was compared");
        problem.setTitle("A target did not answer");
        problem.setProperty("endpoint", ComparisonLog.endpoint(request.method(), request.pathAndQuery()));
        problem.setProperty("failures", failures);
        return problem(problem);
    }

    /** Written by hand rather than negotiated: the client's Accept is meant for the targets, not for the proxy. */
    private ResponseEntity<byte[]> problem(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        body.putAll(problem.getProperties());
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(json.writeValueAsBytes(body));
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>())
                    .addAll(Collections.list(request.getHeaders(name)));
        }
        return headers;
    }
}
