package dev.parallelrun.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The settings as a service binds them: the defaults, and limits out of order refused at start-up, by name. */
class AdmissionPropertiesTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Bound.class);

    @Test
    void theDefaultsAbsorbABurstOfFortyEightAndAdaptUpToSixtyFour() {
        context.run(started -> {
            AdmissionProperties admission = started.getBean(AdmissionProperties.class);
            assertThat(admission.minLimit()).isEqualTo(48);
            assertThat(admission.initialLimit()).isEqualTo(48);
            assertThat(admission.maxLimit()).isEqualTo(64);
        });
    }

    @Test
    void aMinimumAboveTheMaximumStopsTheStartWithTheRuleItBreaks() {
        context.withPropertyValues("admission.min-limit=80").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining(
                    "admission.min-limit <= admission.initial-limit <= admission.max-limit");
        });
    }

    @Test
    void limitsInOrderStart() {
        context.withPropertyValues("admission.min-limit=4", "admission.initial-limit=8", "admission.max-limit=8")
                .run(started -> assertThat(started).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AdmissionProperties.class)
    static class Bound {
    }
}
