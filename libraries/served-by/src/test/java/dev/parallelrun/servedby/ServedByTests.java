package dev.parallelrun.servedby;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "served-by.service=monolith-v9", "served-by.instance=abc123" })
@AutoConfigureRestTestClient
class ServedByTests {

    @Autowired
    RestTestClient http;

    @Autowired
    MeterRegistry meters;

    @Test
    void everyAnswerNamesTheInstanceErrorsIncluded() {
        http.get().uri("/hello").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Served-By", "monolith-v9/abc123");
        http.get().uri("/nowhere").exchange().expectStatus().isNotFound()
                .expectHeader().valueEquals("X-Served-By", "monolith-v9/abc123");
        http.get().uri("/broken").exchange().expectStatus().is5xxServerError()
                .expectHeader().valueEquals("X-Served-By", "monolith-v9/abc123");
    }

    @Test
    void countsWhatItServedToUsersNotTheOperatorsRequestsNorItsOwnWarmUp() {
        double before = served();
        http.get().uri("/hello").exchange().expectStatus().isOk();
        http.get().uri("/hello").exchange().expectStatus().isOk();
        http.get().uri("/nowhere").exchange().expectStatus().isNotFound();
        http.get().uri("/actuator/health").exchange();
        http.get().uri("/inventory").exchange();
        // what the instance sends itself before it is ready (the warm-up library)
        http.get().uri("/hello").header("X-Warm-Up", "true").exchange().expectStatus().isOk();

        assertThat(served() - before).isEqualTo(3);
    }

    @Test
    void anInstanceIsTheContainersShortIdOrSixRandomHexDigits() {
        assertThat(InstanceIdentity.instanceFrom("3f2a9c81d0e4")).isEqualTo("3f2a9c");
        assertThat(InstanceIdentity.instanceFrom("my-laptop")).matches("[0-9a-f]{6}");
        assertThat(InstanceIdentity.instanceFrom(null)).matches("[0-9a-f]{6}");
    }

    private double served() {
        return meters.get("served.requests").tag("service", "monolith-v9").tag("instance_id", "abc123")
                .functionCounter().count();
    }

    /** Not {@code @SpringBootApplication}: scanning this package would pick up the library's own controller. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestApplication.Hello.class)
    static class TestApplication {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @RestController
        static class Hello {

            @GetMapping("/hello")
            String hello() {
                return "hello";
            }

            @GetMapping("/broken")
            String broken() {
                throw new IllegalStateException("broken on purpose");
            }
        }
    }
}
