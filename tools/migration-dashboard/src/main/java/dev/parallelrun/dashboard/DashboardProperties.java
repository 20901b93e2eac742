package dev.parallelrun.dashboard;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the page reads each part of the lab, by the names the services answer to on the lab's network
 * ({@code DASHBOARD_PARALLELRUNBATCH=http://parallel-run-batch:8080}, ...).
 *
 * @param proxy             payment.service's proxy: where it points ({@code /proxy/health})
 * @param versions          the versions payment.service can point to; every instance of each answers its name in DNS
 * @param versionPort       the port every version's instances listen on ({@code /inventory})
 * @param parallelRunBatch  the parallel run's comparison
 * @param experiment        the monolith that runs the real-time experiment
 * @param canaryAnalysis    the automated canary analysis
 * @param comparingProxy    the comparing proxy's management port ({@code /actuator/comparisons})
 * @param timeout           how long a part may take to answer before the page says it does not
 */
@Validated
@ConfigurationProperties("dashboard")
public record DashboardProperties(
        @DefaultValue("http://payment-proxy") @NotNull URI proxy,
        @DefaultValue({ "monolith-v1", "monolith-v2", "final-version" }) @NotEmpty List<String> versions,
        @DefaultValue("8080") int versionPort,
        @DefaultValue("http://parallel-run-batch:8080") @NotNull URI parallelRunBatch,
        @DefaultValue("http://monolith-v2:8080") @NotNull URI experiment,
        @DefaultValue("http://canary-analysis:8080") @NotNull URI canaryAnalysis,
        @DefaultValue("http://comparing-proxy:8081") @NotNull URI comparingProxy,
        @DefaultValue("2s") @NotNull Duration timeout) {
}
