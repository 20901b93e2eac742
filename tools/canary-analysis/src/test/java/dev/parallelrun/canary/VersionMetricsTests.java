package dev.parallelrun.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.parallelrun.canary.VersionSample.InstanceSample;
import dev.parallelrun.canary.VersionSample.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/** Reading a version's own metrics, and what a window of them says. */
class VersionMetricsTests {

    @Test
    void sumsAVersionsInstancesAndLeavesOutOperatorsRequests() {
        try (FakeVersion first = new FakeVersion(); FakeVersion second = new FakeVersion()) {
            first.serve(30, 3, Duration.ofMillis(10));
            second.serve(20, 0, Duration.ofMillis(10));
            VersionMetrics metrics = new VersionMetrics(version -> List.of(first.uri(), second.uri()),
                    RestClient.create());

            VersionSample sample = metrics.sample("monolith-v2");

            assertThat(sample.instances()).hasSize(2);
            Window all = sample.since(new VersionSample(Map.of()));
            assertThat(all.requests()).isEqualTo(53);
            assertThat(all.errors()).isEqualTo(3);
        }
    }

    @Test
    void aVersionsUsersAreItsInstancesSketchesMergedEachUserOnce() {
        try (FakeVersion first = new FakeVersion(); FakeVersion second = new FakeVersion()) {
            first.users(60, "user-");     // user-0 ... user-59
            second.users(90, "user-");    // user-0 ... user-89: 60 of them served by both
            VersionMetrics metrics = new VersionMetrics(version -> List.of(first.uri(), second.uri()),
                    RestClient.create());

            assertThat(metrics.users("monolith-v2", Instant.now()).getAsLong()).isCloseTo(90, within(2L));
        }
    }

    @Test
    void aVersionsUsersAreNotKnownWhenAnInstanceDoesNotCountThem() {
        try (FakeVersion counting = new FakeVersion(); FakeVersion notCounting = new FakeVersion()) {
            counting.users(10, "user-");
            VersionMetrics metrics = new VersionMetrics(version -> List.of(counting.uri(), notCounting.uri()),
                    RestClient.create());

            assertThat(metrics.users("monolith-v2", Instant.now())).isEmpty();
        }
    }

    @Test
    void anInstanceThatDoesNotAnswerIsLeftOut() {
        try (FakeVersion up = new FakeVersion(); FakeVersion down = new FakeVersion()) {
            up.serve(5, 0, Duration.ofMillis(1));
            java.net.URI gone = down.uri();
            down.close();
            VersionMetrics metrics = new VersionMetrics(version -> List.of(up.uri(), gone), RestClient.create());

            assertThat(metrics.sample("monolith-v2").instances()).hasSize(1);
        }
    }

    @Test
    void aWindowCountsWhatWasServedSinceItsStartAndARestartedInstanceFromZero() {
        try (FakeVersion instance = new FakeVersion()) {
            VersionMetrics metrics = new VersionMetrics(version -> List.of(instance.uri()), RestClient.create());
            instance.serve(100, 0, Duration.ofMillis(5));
            VersionSample start = metrics.sample("monolith-v1");
            instance.serve(40, 10, Duration.ofMillis(200));

            Window window = metrics.sample("monolith-v1").since(start);

            assertThat(window.requests()).isEqualTo(50);
            assertThat(window.errorRate()).isEqualTo(0.2);
            assertThat(window.quantile(0.99)).isBetween(0.18, 0.23);
        }
        InstanceSample restarted = new InstanceSample(3, 0, new TreeMap<>(Map.of(0.1, 3L)));
        VersionSample before = new VersionSample(Map.of("a", new InstanceSample(500, 9, new TreeMap<>(Map.of(0.1, 500L)))));
        assertThat(new VersionSample(Map.of("a", restarted)).since(before).requests()).isEqualTo(3);
    }

    @Test
    void aQuantileIsInterpolatedInsideItsBucketAsPrometheusDoes() {
        TreeMap<Double, Long> buckets = new TreeMap<>(Map.of(0.01, 50L, 0.02, 90L, 0.04, 100L,
                Double.POSITIVE_INFINITY, 100L));
        Window window = new Window(100, 0, buckets);

        assertThat(window.quantile(0.5)).isCloseTo(0.01, within(1e-9));
        assertThat(window.quantile(0.7)).isCloseTo(0.015, within(1e-9));
        assertThat(window.quantile(0.95)).isCloseTo(0.03, within(1e-9));
        assertThat(new Window(0, 0, buckets).quantile(0.99)).isNaN();
    }
}
