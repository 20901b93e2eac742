package dev.parallelrun.compare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Mirroring with POST allowed: the client gets the primary's answer unchanged and at the primary's pace, whatever
 * the candidate does; every target performs the POST; the comparison shows up afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "comparing-proxy.answer=mirror", "comparing-proxy.allowed-unsafe-methods=post",
        "comparing-proxy.timeout=6s" })
@AutoConfigureRestTestClient
class MirroringTests {

    static final String REQUEST = "{\"shipTo\":\"Juablaz\",\"total\":320}";

    @RegisterExtension
    static final WireMockExtension primary = ComparingProxyTests.target();

    @RegisterExtension
    static final WireMockExtension candidate = ComparingProxyTests.target();

    @DynamicPropertySource
    static void targets(DynamicPropertyRegistry registry) {
        registry.add("comparing-proxy.primary", primary::baseUrl);
        registry.add("comparing-proxy.candidate", candidate::baseUrl);
    }

    @Autowired
    RestTestClient http;

    @Autowired
    ComparisonLog comparisons;

    @Test
    void theClientGetsThePrimarysAnswerUnchangedWhileTheCandidateIsSlowAndDifferent() {
        created(primary, "{\"id\":1,\"total\":320.00}", 0);
        created(candidate, "{\"id\":1,\"total\":\"320.00\"}", 3_000);
        long before = comparisons.recent().size();

        long start = System.nanoTime();
        http.post().uri("/payroll?source=test").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "k-1").body(REQUEST).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Location", "/payroll/1")
                .expectHeader().valueEquals("X-Served-By", "primary")
                .expectBody().json("{\"id\":1,\"total\":320.00}");

        // Well before the candidate's 3 s, with room for a machine busy with other work.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
        for (WireMockExtension target : new WireMockExtension[] { primary, candidate }) {
            target.verify(postRequestedFor(urlEqualTo("/payroll?source=test"))
                    .withHeader("Idempotency-Key", equalTo("k-1")).withRequestBody(equalToJson(REQUEST)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> comparisons.recent().size() > before);
        assertThat(comparisons.recent().get(0).differences()).extracting(Difference::pointer)
                .containsExactly("/body/total");
    }

    @Test
    void aPrimaryDownIsA502ForTheClient() {
        primary.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        created(candidate, "{\"id\":1}", 0);

        http.post().uri("/payroll").contentType(MediaType.APPLICATION_JSON).body(REQUEST).exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.failures.primary").exists();
        primary.resetAll();
    }

    private static void created(WireMockExtension target, String body, int delayMillis) {
        target.stubFor(post(urlEqualTo("/payroll?source=test")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("Location", "/payroll/1")
                .withHeader("X-Served-By", target == primary ? "primary" : "candidate")
                .withFixedDelay(delayMillis).withBody(body)));
        target.stubFor(post(urlEqualTo("/payroll")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }
}
