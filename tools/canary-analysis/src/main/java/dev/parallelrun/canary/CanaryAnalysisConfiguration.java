package dev.parallelrun.canary;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.registry.ImportHttpServices;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analysis' parts: the versions' metrics (found by DNS, read with short timeouts: an instance that does not
 * answer within a second is left out of that reading, not waited for), the parallel run's verdict (an HTTP service
 * group), the route and the state file. The release ticks on its own schedule
 * ({@code analysis.tick}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ImportHttpServices(group = ParallelRunVerdict.GROUP, types = ParallelRunVerdict.class)
class CanaryAnalysisConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    InstanceResolver instanceResolver(AnalysisProperties properties) {
        return new DnsInstanceResolver(properties.port());
    }

    @Bean
    VersionMetrics versionMetrics(InstanceResolver instances, RestClient.Builder http) {
        HttpClientSettings settings = HttpClientSettings.defaults().withConnectTimeout(Duration.ofMillis(500))
                .withReadTimeout(Duration.ofSeconds(1));
        return new VersionMetrics(instances,
                http.requestFactory(ClientHttpRequestFactoryBuilder.detect().build(settings)).build());
    }

    @Bean
    CanaryRelease canaryRelease(AnalysisProperties properties, VersionMetrics metrics, ParallelRunVerdict verdict,
            Clock clock, JsonMapper json, MeterRegistry meters) {
        return new CanaryRelease(properties, metrics, verdict, new RouteFile(properties.routeFile(), properties.port()),
                new ReleaseStore(properties.stateFile(), json), clock, meters);
    }
}
