package dev.parallelrun.monolith.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CandidatePropertiesTests {

    private final CandidateProperties properties = new CandidateProperties(URI.create("http://x"), Duration.ofSeconds(1),
            Duration.ofSeconds(2), 4, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(30), 50, Duration.ofSeconds(5));

    @Test
    void backOffDoublesPerAttemptUpToTheCap() {
        assertThat(properties.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.backoff(2, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.backoff(4, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.backoff(7, 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.backoff(10_000, 0.5)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aLeaseNoLongerThanACallFailsTheStart() {
        new ApplicationContextRunner().withUserConfiguration(Properties.class)
                .withPropertyValues("candidate.connect-timeout=1s", "candidate.read-timeout=2s", "candidate.lease=3s")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("lease must be longer than connect-timeout + read-timeout"));
        new ApplicationContextRunner().withUserConfiguration(Properties.class)
                .withPropertyValues("candidate.connect-timeout=1s", "candidate.read-timeout=2s", "candidate.lease=4s")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @EnableConfigurationProperties(CandidateProperties.class)
    static class Properties {
    }

    @Test
    void jitterSpreadsRetriesAroundTheBackOff() {
        assertThat(properties.backoff(2, 0.0)).isEqualTo(Duration.ofMillis(750));
        assertThat(properties.backoff(2, 1.0)).isEqualTo(Duration.ofMillis(1250));
    }
}
