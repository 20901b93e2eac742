package dev.parallelrun.monolith.candidate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The notification microservice's HTTP client (an HTTP service group, configured by Spring Boot's
 * {@code spring.http.serviceclient.notification-service.*} properties), the circuit breaker around it and the senders'
 * threads (the outbox sweep runs on the scheduler the application enables). Resilience4j rather than Spring Framework 7's
 * {@code @Retryable}/{@code @ConcurrencyLimit}: Spring has no circuit breaker, and retries here must outlive the
 * process, so they are the outbox's job, not an in-memory retry loop's.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = NotificationServiceClient.GROUP, types = NotificationServiceClient.class)
class CandidateConfiguration {

    /**
     * Apache HttpClient 5 for the HTTP clients, with its automatic retries off: by default it repeats a request after a
     * 503 with Retry-After, even a POST, hiding a call's real duration from the lease and the breaker. Retries are the
     * outbox's job.
     */
    @Bean
    ClientHttpRequestFactoryBuilder<?> clientHttpRequestFactoryBuilder() {
        return ClientHttpRequestFactoryBuilder.httpComponents()
                .withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries);
    }

    @Bean
    CandidateCallLimits candidateCallLimits(HttpServiceClientProperties serviceClients) {
        return CandidateCallLimits.of(serviceClients);
    }

    @Bean
    CircuitBreaker notificationServiceBreaker(CandidateProperties properties, MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(properties.breakerFailureRate())
                .waitDurationInOpenState(properties.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry.circuitBreaker("notification-service");
    }

    /**
     * Exactly {@code candidate.concurrency} sender threads and no queue: work that finds no free sender stays due in
     * the outbox, where a running sender or the next sweep takes it. On shutdown a call in flight may finish.
     */
    @Bean
    ThreadPoolTaskExecutor candidateSenders(ThreadPoolTaskExecutorBuilder builder, CandidateProperties properties,
            CandidateCallLimits callLimits) {
        return builder.corePoolSize(properties.concurrency()).maxPoolSize(properties.concurrency()).queueCapacity(0)
                .threadNamePrefix("candidate-").awaitTermination(true)
                .awaitTerminationPeriod(callLimits.connectTimeout().plus(callLimits.readTimeout())).build();
    }
}
