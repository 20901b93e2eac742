package dev.parallelrun.batch.comparison;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Every {@code comparison.interval}, a pass. Only delegates; passes never overlap (see the pass lock). */
@Component
class ComparisonJob implements SchedulingConfigurer {

    private final ComparisonService comparison;
    private final ComparisonProperties properties;

    ComparisonJob(ComparisonService comparison, ComparisonProperties properties) {
        this.comparison = comparison;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        // The first pass one interval after start: the services' tables may still be migrating.
        tasks.addFixedDelayTask(new FixedDelayTask(() -> comparison.compare("scheduled"), properties.interval(),
                properties.interval()));
    }
}
