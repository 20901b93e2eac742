package dev.parallelrun.warmup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A servlet service that lists {@code warm-up.requests} sends them to itself before it is ready, after running its
 * {@link WarmUpTask} beans.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "warm-up.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WarmUpProperties.class)
public class WarmUpAutoConfiguration {

    @Bean
    WarmUp warmUp(WarmUpProperties properties, Environment environment, ObjectProvider<WarmUpTask> tasks) {
        return new WarmUp(properties, environment, tasks.orderedStream().toList());
    }
}
