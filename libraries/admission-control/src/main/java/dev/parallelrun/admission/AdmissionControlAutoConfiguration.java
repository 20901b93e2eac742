package dev.parallelrun.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Every service users reach bounds the work it lets in ({@code admission.*}); the operators' endpoints stay out of
 * it. The filter runs right after the one that names the instance ({@code X-Served-By}, first of all) and the one
 * that observes requests for the metrics, so a rejection is named and counted like any answer.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "admission.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AdmissionProperties.class)
public class AdmissionControlAutoConfiguration {

    @Bean
    AdmissionLimiter admissionLimiter(AdmissionProperties properties, Environment environment,
            ObjectProvider<MeterRegistry> meters) {
        return new AdmissionLimiter(environment.getProperty("spring.application.name", "application"), properties,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    FilterRegistrationBean<AdmissionControlFilter> admissionControlFilter(AdmissionLimiter limiter,
            AdmissionProperties properties,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        FilterRegistrationBean<AdmissionControlFilter> registration =
                new FilterRegistrationBean<>(new AdmissionControlFilter(limiter, properties, errors));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
