package dev.parallelrun.compare;

import dev.parallelrun.compare.ComparisonLog.Comparison;
import dev.parallelrun.compare.ComparisonLog.EndpointTotals;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/comparisons} on the management port: what is compared and how, totals per endpoint, the
 * latest differences and failures, newest first; {@code /actuator/comparisons/{id}} one of them. On its own port, so
 * that no path of the compared services is taken by the proxy's own.
 */
@Component
@Endpoint(id = "comparisons")
class ComparisonsEndpoint {

    private final ComparingProxyProperties properties;
    private final ComparisonLog comparisons;

    ComparisonsEndpoint(ComparingProxyProperties properties, ComparisonLog comparisons) {
        this.properties = properties;
        this.comparisons = comparisons;
    }

    @ReadOperation
    Report report() {
        return new Report(new Settings(properties), comparisons.totals(), comparisons.recent());
    }

    /** One of the latest differences or failures; {@code null} (404) when it is not, or no longer, kept. */
    @ReadOperation
    Comparison comparison(@Selector long id) {
        return comparisons.recent().stream().filter(comparison -> comparison.id() == id).findFirst().orElse(null);
    }

    record Report(Settings settings, List<EndpointTotals.Snapshot> totals, List<Comparison> recent) {
    }

    record Settings(String primary, String candidate, String secondary, String mode, String answer,
            List<String> ignoredPointers, List<String> unorderedPointers, List<String> comparedHeaders,
            List<String> allowedUnsafeMethods) {

        Settings(ComparingProxyProperties properties) {
            this(properties.primary().toString(), properties.candidate().toString(),
                    properties.secondary() == null ? null : properties.secondary().toString(),
                    properties.mode().name().toLowerCase(), properties.answer().name().toLowerCase(),
                    properties.ignoredPointers(), properties.unorderedPointers(), properties.comparedHeaders(),
                    properties.allowedUnsafeMethods());
        }
    }
}
