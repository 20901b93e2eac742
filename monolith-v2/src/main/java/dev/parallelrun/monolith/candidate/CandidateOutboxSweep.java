package dev.parallelrun.monolith.candidate;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Every {@code candidate.relay-interval}, delivers what is due in the outbox. Only delegates. */
@Component
class CandidateOutboxSweep implements SchedulingConfigurer {

    private final CandidateOutboxRelay relay;
    private final CandidateProperties properties;

    CandidateOutboxSweep(CandidateOutboxRelay relay, CandidateProperties properties) {
        this.relay = relay;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(relay::deliverDue, properties.relayInterval());
    }
}
