package dev.parallelrun.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analysis stopped in the middle of a release and started again, as a container restart does: the new process
 * reads the release from the state file, puts the route back at the step's weight whatever it finds there, starts the
 * step's window again (the errors still judged on everything served since the release began), and carries the release
 * to its end.
 */
class ReleaseRestartTests {

    @TempDir
    Path files;

    @Test
    void aRestartResumesTheReleaseAtItsStepsWeight() throws IOException {
        try (FakeVersion primary = new FakeVersion(); FakeVersion canary = new FakeVersion()) {
            AnalysisProperties properties = properties();
            VersionMetrics metrics = new VersionMetrics(
                    version -> List.of(version.equals("monolith-v1") ? primary.uri() : canary.uri()),
                    RestClient.create());
            CanaryRelease before = analysis(properties, metrics);
            before.start("monolith-v1", "final-version", List.of(30, 100), Duration.ofSeconds(1));
            primary.serve(28, 0, Duration.ofMillis(5));
            canary.serve(12, 0, Duration.ofMillis(5));
            before.tick();
            // The process dies; meanwhile the route is left elsewhere (a half-finished move by hand, say).
            Files.writeString(files.resolve("route"), "monolith-v1:8080 final-version:8080 77\n");

            CanaryRelease after = analysis(properties, metrics);
            assertThat(after.current()).hasValueSatisfying(release -> {
                assertThat(release.progressing()).isTrue();
                assertThat(release.weight()).isEqualTo(30);
            });
            after.tick();

            assertThat(Files.readString(files.resolve("route"))).isEqualTo("monolith-v1:8080 final-version:8080 30\n");
            assertThat(after.current().orElseThrow().history()).last().extracting(Release.Event::message)
                    .isEqualTo("the analysis restarted: step 1 resumes at 30 %, its window from the start, the errors "
                            + "still judged on everything served since the release began");
            // The errors' evidence still counts what each side served before the restart.
            primary.serve(28, 0, Duration.ofMillis(5));
            canary.serve(12, 0, Duration.ofMillis(5));
            after.tick();
            assertThat(after.current().orElseThrow().checks()).filteredOn(check -> check.name().equals("errors"))
                    .singleElement().extracting(Release.Check::detail).asString()
                    .contains("canary 5xx 0.0 % (0 of 24), primary 0.0 % (0 of 56)");
            Release done = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                // 40 requests split as the route says, as nginx would
                String route = Files.readString(files.resolve("route")).strip();
                int toCanary = 40 * Integer.parseInt(route.substring(route.lastIndexOf(' ') + 1)) / 100;
                primary.serve(40 - toCanary, 0, Duration.ofMillis(5));
                canary.serve(toCanary, 0, Duration.ofMillis(5));
                after.tick();
                return after.current().orElseThrow();
            }, release -> !release.progressing());
            assertThat(done.status()).isEqualTo(Release.Status.PROMOTED);
            assertThat(Files.readString(files.resolve("route"))).isEqualTo("monolith-v1:8080 final-version:8080 100\n");
        }
    }

    private CanaryRelease analysis(AnalysisProperties properties, VersionMetrics metrics) {
        ParallelRunVerdict notAsked = new ParallelRunVerdict() {
            @Override
            public String comparation() {
                throw new AssertionError("final-version is not the parallel run's version");
            }

            @Override
            public tools.jackson.databind.JsonNode report() {
                throw new AssertionError("final-version is not the parallel run's version");
            }
        };
        return new CanaryRelease(properties, metrics, notAsked,
                new RouteFile(properties.routeFile(), properties.port()),
                new ReleaseStore(properties.stateFile(), JsonMapper.builder().build()), Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    private AnalysisProperties properties() {
        return new Binder(new MapConfigurationPropertySource(java.util.Map.of(
                "analysis.route-file", files.resolve("route").toString(),
                "analysis.state-file", files.resolve("canary-release.json").toString(),
                "analysis.min-requests", "10")))
                .bindOrCreate("analysis", AnalysisProperties.class);
    }
}
