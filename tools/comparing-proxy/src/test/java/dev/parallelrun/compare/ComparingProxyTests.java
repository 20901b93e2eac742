package dev.parallelrun.compare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The proxy in verdict mode in front of three WireMock targets: equal answers, a real difference, a target down,
 * a target too slow, the unsafe methods it refuses, and what it reports on its management port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // A timeout well above a cold target's first answer on a busy machine; the slow target is far slower still.
        "comparing-proxy.timeout=3s", "management.server.port=0" })
@AutoConfigureRestTestClient
class ComparingProxyTests {

    static final String PAYROLL = "{\"id\":7,\"shipTo\":\"Juablaz\",\"total\":320.00,\"createdAt\":\"%s\"}";

    @RegisterExtension
    static final WireMockExtension primary = target();

    @RegisterExtension
    static final WireMockExtension candidate = target();

    @RegisterExtension
    static final WireMockExtension secondary = target();

    static WireMockExtension target() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    }

    @DynamicPropertySource
    static void targets(DynamicPropertyRegistry registry) {
        registry.add("comparing-proxy.primary", primary::baseUrl);
        registry.add("comparing-proxy.candidate", candidate::baseUrl);
        registry.add("comparing-proxy.secondary", secondary::baseUrl);
    }

    @Autowired
    RestTestClient http;

    @LocalManagementPort
    int managementPort;

    @BeforeEach
    void payrollSeven() {
        answer(primary, "2026-11-24T10:00:00.100Z", "320.00");
        answer(candidate, "2026-11-24T10:00:00.300Z", "320");
        answer(secondary, "2026-11-24T10:00:00.200Z", "320.00");
    }

    @Test
    void equalAnswersAre200WithTheNoiseNamed() {
        JsonNode verdict = http.get().uri("/payroll/7?view=full").header("X-User-Id", "ana").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(verdict.get("outcome").asString()).isEqualTo("equal");
        assertThat(verdict.get("endpoint").asString()).isEqualTo("GET /payroll/{id}");
        assertThat(verdict.get("noise").toString()).isEqualTo("[\"/body/createdAt\"]");
        assertThat(verdict.at("/differences/0/noise").asBoolean()).isTrue();
        for (WireMockExtension target : new WireMockExtension[] { primary, candidate, secondary }) {
            target.verify(getRequestedFor(urlEqualTo("/payroll/7?view=full")).withHeader("X-User-Id", equalTo("ana")));
        }
    }

    @Test
    void aRealDifferenceIs412WithTheFieldAndBothValues() {
        candidate.stubFor(get(urlPathEqualTo("/payroll/7")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":7,\"shipTo\":\"Juablaz\",\"total\":\"320.00\",\"createdAt\":\"x\"}")));

        JsonNode problem = http.get().uri("/payroll/7").exchange()
                .expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("title").asString()).isEqualTo("The candidate answered differently");
        assertThat(problem.get("detail").asString())
                .isEqualTo("1 difference: /body/total: primary 320.00, candidate \"320.00\"");
        JsonNode total = problem.get("differences").valueStream()
                .filter(difference -> difference.get("pointer").asString().equals("/body/total")).findFirst().orElseThrow();
        assertThat(total.get("kind").asString()).isEqualTo("field mismatch");
        assertThat(total.get("primary").decimalValue()).isEqualByComparingTo("320.00");
        assertThat(total.get("candidate").asString()).isEqualTo("320.00");
        assertThat(total.get("noise").asBoolean()).isFalse();

        JsonNode kept = management("/actuator/comparisons" + problem.get("instance").asString()
                .substring("/actuator/comparisons".length()));
        assertThat(kept.get("outcome").asString()).isEqualTo("different");
    }

    @Test
    void aTargetDownIsA502NamingIt() {
        candidate.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        JsonNode problem = http.get().uri("/payroll/7").exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("failures").propertyNames()).containsExactly("candidate");
        assertThat(problem.get("detail").asString()).startsWith("the candidate gave no answer: ");
    }

    @Test
    void aTargetTooSlowIsA504AfterTheTimeoutNotAHang() {
        secondary.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(12_000)));

        long start = System.nanoTime();
        JsonNode problem = http.get().uri("/payroll/7").exchange()
                .expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(problem.at("/failures/secondary").asString()).isEqualTo("no answer within 3000 ms");
    }

    @Test
    void unsafeMethodsAreRefusedAndReachNoTarget() {
        for (String method : new String[] { "POST", "PUT", "PATCH", "DELETE" }) {
            http.method(org.springframework.http.HttpMethod.valueOf(method)).uri("/payroll")
                    .contentType(MediaType.APPLICATION_JSON).body("{\"shipTo\":\"Juablaz\",\"total\":320}")
                    .exchange()
                    .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueEquals(HttpHeaders.ALLOW, "GET,HEAD,OPTIONS")
                    .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                            .contains("COMPARINGPROXY_ALLOWEDUNSAFEMETHODS=" + method));
        }
        for (WireMockExtension target : new WireMockExtension[] { primary, candidate, secondary }) {
            target.verify(0, anyRequestedFor(anyUrl()));
        }
    }

    @Test
    void theReportCountsPerEndpointWithIdsCollapsed() {
        http.get().uri("/payroll/7").exchange().expectStatus().isOk();
        answer(primary, "a", "1");
        answer(secondary, "b", "1");
        answer(candidate, "c", "2");
        http.get().uri("/payroll/7").exchange().expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED);

        JsonNode report = management("/actuator/comparisons");

        JsonNode totals = report.get("totals").valueStream()
                .filter(endpoint -> endpoint.get("endpoint").asString().equals("GET /payroll/{id}")).findFirst()
                .orElseThrow();
        assertThat(totals.get("equal").asLong()).isPositive();
        assertThat(totals.get("different").asLong()).isPositive();
        assertThat(report.at("/recent/0/differences").toString()).contains("/body/total");
        assertThat(report.at("/settings/mode").asString()).isEqualTo("strict");
        String prometheus = RestTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus).contains("comparing_proxy_comparisons_total{endpoint=\"GET /payroll/{id}\","
                + "outcome=\"different\"}");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        http.method(org.springframework.http.HttpMethod.GET).uri("/payroll/7").contentType(MediaType.APPLICATION_JSON)
                .body("{\"x\":\"" + "a".repeat(1_100_000) + "\"}").exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        primary.verify(0, anyRequestedFor(anyUrl()));
    }

    private JsonNode management(String path) {
        return RestTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build()
                .get().uri(path).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    static void answer(WireMockExtension target, String createdAt, String total) {
        target.stubFor(get(urlPathEqualTo("/payroll/7")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Date", createdAt)
                .withBody(PAYROLL.formatted(createdAt).replace("320.00", total))));
    }
}
