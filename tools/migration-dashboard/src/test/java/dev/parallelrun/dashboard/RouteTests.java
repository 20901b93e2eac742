package dev.parallelrun.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTests {

    @Test
    void aStageIsOneVersion() {
        assertThat(Route.parse("payment.service -> monolith-v2:8080\n"))
                .contains(new Route("stage 2: the parallel run", "monolith-v2", null, 0));
        assertThat(Route.parse("payment.service -> final-version:8080")).get().extracting(Route::stage)
                .isEqualTo("stage 3: the microservice notifies");
    }

    @Test
    void aCanaryReleaseIsTwoVersionsAndAWeight() {
        assertThat(Route.parse("payment.service -> monolith-v1:8080, canary monolith-v2:8080 at 10 %\n"))
                .contains(new Route("canary release: 10 % to monolith-v2", "monolith-v1", "monolith-v2", 10));
    }

    @Test
    void anythingElseIsNotARoute() {
        assertThat(Route.parse("<html>Welcome to nginx</html>")).isEmpty();
        assertThat(Route.parse("payment.service -> monolith-v1:8080, canary monolith-v2:8080 at 1000 %")).isEmpty();
        assertThat(Route.parse("")).isEmpty();
    }
}
