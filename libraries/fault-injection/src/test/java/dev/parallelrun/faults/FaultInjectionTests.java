package dev.parallelrun.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

class FaultInjectionTests {

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    @AutoConfigureRestTestClient
    class OffByDefault {

        @Autowired
        RestTestClient http;

        @Test
        void everyRequestIsHandled() {
            IntStream.range(0, 50).forEach(i -> http.get().uri("/payroll").exchange().expectStatus().isOk());
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "faults.error-rate=0.3")
    @AutoConfigureRestTestClient
    class AShareOfErrors {

        @Autowired
        RestTestClient http;

        @Test
        void answersAboutThatShare500ProblemJson() {
            int errors = 0;
            for (int i = 0; i < 400; i++) {
                int status = http.get().uri("/payroll").exchange().returnResult(String.class).getStatus().value();
                errors += status == 500 ? 1 : 0;
            }
            // 400 draws at 30 %: 120 expected, outside 80..160 about once in 10^5 runs.
            assertThat(errors).isBetween(80, 160);
        }

        @Test
        void anInjectedErrorIsProblemJsonAndSaysItWasInjected() {
            EntityExchangeResult<String> answer;
            do {
                answer = http.get().uri("/payroll").exchange().returnResult(String.class);
            } while (answer.getStatus().value() != 500);
            assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answer.getResponseBody()).contains("\"status\":500", "Injected fault");
        }

        @Test
        void pathsNotConcernedAreLeftAlone() {
            IntStream.range(0, 50).forEach(i -> http.get().uri("/other").exchange().expectStatus().isOk());
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "faults.latency=150ms")
    @AutoConfigureRestTestClient
    class AddedLatency {

        @Autowired
        RestTestClient http;

        @Test
        void everyConcernedRequestWaitsAtLeastThatLong() {
            long started = System.nanoTime();
            http.get().uri("/payroll").exchange().expectStatus().isOk();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }

    @SpringBootApplication
    static class TestApplication {

        @RestController
        static class Endpoints {

            @GetMapping("/payroll")
            String payroll() {
                return "ok";
            }

            @GetMapping("/other")
            String other() {
                return "ok";
            }
        }
    }
}
