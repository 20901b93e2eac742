package dev.parallelrun.faults;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Faults on the configured paths, only when {@code faults.*} asks for some; a warning at start says so. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(FaultsProperties.class)
public class FaultInjectionAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FaultInjectionAutoConfiguration.class);

    @Bean
    WebMvcConfigurer faultInjection(FaultsProperties faults) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                if (faults.any()) {
                    log.warn("Faults injected on {}: {} % of requests answer 500, each waits {} ms first",
                            faults.paths(), Math.round(faults.errorRate() * 1000) / 10.0, faults.latency().toMillis());
                    registry.addInterceptor(new FaultInjectionInterceptor(faults))
                            .addPathPatterns(faults.paths()).excludePathPatterns("/actuator/**");
                }
            }
        };
    }
}
