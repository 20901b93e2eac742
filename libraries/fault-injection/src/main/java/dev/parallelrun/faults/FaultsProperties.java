package dev.parallelrun.faults;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Faults to release a canary against; none unless set ({@code FAULTS_ERRORRATE=0.2}, {@code FAULTS_LATENCY=300ms}).
 *
 * @param errorRate the share of requests, 0 to 1, answered {@code 500} instead of being handled
 * @param latency   added to every request before it is handled
 * @param paths     the requests concerned (path patterns); operators' endpoints are never concerned
 */
@Validated
@ConfigurationProperties("faults")
public record FaultsProperties(
        @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double errorRate,
        @DefaultValue("0ms") Duration latency,
        @DefaultValue({ "/payroll", "/payroll/**" }) @NotEmpty List<String> paths) {

    boolean any() {
        return errorRate > 0 || latency.compareTo(Duration.ZERO) > 0;
    }
}
