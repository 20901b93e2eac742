package dev.parallelrun.canary;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Rolling updates on Docker Swarm, watched ({@code ROLLOUT_ENABLED=true}): the Engine API through the lab's gateway,
 * the watch, which ticks on its own schedule ({@code rollout.tick};
 * {@code GET /rollouts}: RolloutController).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rollout.enabled", havingValue = "true")
class RolloutConfiguration {

    @Bean
    SwarmServices swarmServices(RolloutProperties properties, RestClient.Builder http) {
        HttpClientSettings settings = HttpClientSettings.defaults().withConnectTimeout(Duration.ofSeconds(1))
                .withReadTimeout(Duration.ofSeconds(5));
        return new SwarmServices(http.baseUrl(properties.engine().toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.detect().build(settings)).build(), properties.network());
    }

    @Bean
    RolloutWatch.TaskInstance taskInstance(AnalysisProperties analysis) {
        return task -> SwarmServices.instance(task, analysis.port());
    }

    @Bean
    RolloutWatch rolloutWatch(RolloutProperties rollouts, AnalysisProperties analysis, SwarmServices swarm,
            VersionMetrics metrics, ParallelRunVerdict verdict, RolloutWatch.TaskInstance instance, Clock clock,
            MeterRegistry meters) {
        return new RolloutWatch(rollouts, analysis, swarm, metrics, verdict, instance, clock, meters);
    }
}
