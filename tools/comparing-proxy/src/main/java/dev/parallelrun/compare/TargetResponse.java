package dev.parallelrun.compare;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one target answered, or why it did not.
 *
 * @param target   primary, candidate or secondary
 * @param status   the HTTP status, 0 when it did not answer
 * @param headers  the response headers, names in lower case
 * @param body     the response body, empty when there was none
 * @param elapsed  from sending the request to the whole body received (or to the failure)
 * @param failure  why there is no answer, {@code null} when there is one
 * @param timedOut the failure is the timeout
 */
record TargetResponse(String target, int status, Map<String, List<String>> headers, byte[] body, Duration elapsed,
        String failure, boolean timedOut) {

    static TargetResponse answered(String target, int status, Map<String, List<String>> headers, byte[] body,
            Duration elapsed) {
        return new TargetResponse(target, status, headers, body, elapsed, null, false);
    }

    static TargetResponse failed(String target, String failure, boolean timedOut, Duration elapsed) {
        return new TargetResponse(target, 0, Map.of(), new byte[0], elapsed, failure, timedOut);
    }

    boolean answered() {
        return failure == null;
    }

    String header(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : String.join(", ", values);
    }
}
