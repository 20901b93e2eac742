package dev.parallelrun.monolith.candidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CandidatePropertiesTests {

    private final CandidateProperties properties = new CandidateProperties(4, 100, Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofMillis(500), Duration.ofSeconds(30), 50, Duration.ofSeconds(5));

    @Test
    void backOffDoublesPerAttemptUpToTheCap() {
        assertThat(properties.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.backoff(2, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.backoff(4, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.backoff(7, 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.backoff(10_000, 0.5)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void eventsAreLeasedForTwiceACallsLimit() {
        assertThat(new CandidateCallLimits(Duration.ofSeconds(1), Duration.ofSeconds(2)).lease())
                .isEqualTo(Duration.ofSeconds(6));
    }

    /** A call without a time limit could hold its events forever: the service does not start. */
    @Test
    void aCallWithoutATimeLimitFailsTheStart() {
        assertThatIllegalStateException().isThrownBy(() -> new CandidateCallLimits(Duration.ofSeconds(1), null))
                .withMessageContaining("spring.http.serviceclient.notification-service.connect-timeout and "
                        + ".read-timeout must both be set");
    }

    @Test
    void jitterSpreadsRetriesAroundTheBackOff() {
        assertThat(properties.backoff(2, 0.0)).isEqualTo(Duration.ofMillis(750));
        assertThat(properties.backoff(2, 1.0)).isEqualTo(Duration.ofMillis(1250));
    }
}
