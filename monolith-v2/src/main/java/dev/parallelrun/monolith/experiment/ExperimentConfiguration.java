package dev.parallelrun.monolith.experiment;

import dev.parallelrun.experiment.Experiment;
import dev.parallelrun.monolith.notification.NotificationMessage;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * {@code notification.mode=experiment}: the {@code notify} experiment (the lab's experiment library), its candidate
 * threads (a fixed number and a bounded queue: a slow microservice makes candidates skipped, never a pile of work),
 * the microservice's preview operation, and where observations go.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "notification.mode", havingValue = "experiment")
@EnableConfigurationProperties(ExperimentProperties.class)
@ImportHttpServices(group = NotificationPreviewClient.GROUP, types = NotificationPreviewClient.class)
class ExperimentConfiguration {

    @Bean
    ThreadPoolTaskExecutor experimentCandidates(ThreadPoolTaskExecutorBuilder builder, ExperimentProperties properties) {
        return builder.corePoolSize(properties.threads()).maxPoolSize(properties.threads())
                .queueCapacity(properties.queue()).threadNamePrefix("experiment-").build();
    }

    @Bean
    ThreadPoolTaskExecutor previewSenders(ThreadPoolTaskExecutorBuilder builder, ExperimentProperties properties) {
        return builder.corePoolSize(properties.senders()).maxPoolSize(properties.senders()).queueCapacity(0)
                .threadNamePrefix("preview-").build();
    }

    @Bean
    PreviewBatcher previewBatcher(NotificationPreviewClient microservice, ThreadPoolTaskExecutor previewSenders,
            ExperimentProperties properties) {
        return new PreviewBatcher(microservice, previewSenders, properties.senders(), properties.batchSize(),
                properties.linger(), properties.waiting());
    }

    @Bean
    ExperimentStore experimentStore(JdbcClient jdbc) {
        return new ExperimentStore(jdbc, NotifyExperiment.NAME);
    }

    @Bean
    NotifyExperiment notifyExperiment(ExperimentProperties properties, MeterRegistry meters,
            ThreadPoolTaskExecutor experimentCandidates, ExperimentStore store, PreviewBatcher microservice) {
        Experiment<NotificationMessage> experiment = Experiment.<NotificationMessage>named(NotifyExperiment.NAME)
                .meters(meters).executor(experimentCandidates).timeout(properties.timeout())
                .percent(properties.percent())
                // What a user would read: "Juablaz: Payroll 7 shipped to Juablaz of 320".
                .clean(message -> message.recipient() + ": " + message.text())
                .context("mode", "experiment")
                .publish(store::publish)
                .build();
        return new NotifyExperiment(experiment, microservice);
    }
}
