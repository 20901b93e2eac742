package dev.parallelrun.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.awaitility.core.ConditionFactory;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The page in a real browser, against the lab's services as they answer over HTTP (their answers stood in by WireMock,
 * in the shapes their own tests pin): it loads without a console error, shows the route, the served counts, the
 * verdict and the differences of a seeded scenario with the changed words marked; acknowledging one through its form
 * moves it from the open list to the acknowledged one; a refused acknowledgement shows the service's reason; a part
 * whose service does not run shows its one line. CI runs the same checks against the running lab, stage by stage
 * ({@link LiveDashboardCheck}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardPageTests {

    private static final WireMockServer lab = new WireMockServer(options().dynamicPort());

    /**
     * Where the page finds the comparing proxy. It holds its port for the whole class: a port found free and left
     * closed until a test needed it was taken meanwhile by another process of a parallel build. Until a test says
     * otherwise, every connection to it is reset, which the page takes as a proxy that does not run, as it takes a
     * refused connection: both are a request that got no answer.
     */
    private static final WireMockServer comparingProxy = new WireMockServer(options().dynamicPort());

    static {
        lab.start();
        comparingProxy.start();
    }

    @DynamicPropertySource
    static void parts(DynamicPropertyRegistry registry) {
        String url = "http://127.0.0.1:" + lab.port();
        registry.add("dashboard.proxy", () -> url);
        registry.add("dashboard.versions", () -> "localhost");
        registry.add("dashboard.version-port", lab::port);
        registry.add("dashboard.parallel-run-batch", () -> url);
        registry.add("dashboard.experiment", () -> url);
        registry.add("dashboard.canary-analysis", () -> url);
        registry.add("dashboard.comparing-proxy", () -> "http://127.0.0.1:" + comparingProxy.port());
    }

    @LocalServerPort
    int port;

    private DashboardBrowser browser;

    @BeforeEach
    void seedTheLab() {
        comparingProxy.resetAll();
        comparingProxy.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        lab.resetAll();
        lab.stubFor(get("/proxy/health").willReturn(aResponse().withHeader("Content-Type", "text/plain")
                .withBody("payment.service -> monolith-v1:8080, canary monolith-v2:8080 at 10 %\n")));
        lab.stubFor(get("/inventory").willReturn(okJson("""
                {"service":"monolith-v2","version":"1.0.0-SNAPSHOT","instance":"3f2a9c","served":120,
                 "cluster":{"instances":2,"served":250}}""")));
        lab.stubFor(get(urlPathEqualTo("/notification/comparation/report")).willReturn(okJson("""
                {"verdict":"DIFFERENCES_OPEN","consistent":false,
                 "summary":"2 open differences (0 missing in candidate, 0 missing in monolith, 2 field mismatch); 40 pairs compared, 3 records pending",
                 "mismatchRate":{"compared":40,"mismatched":2,"rate":0.05,"upperBound":0.15,"confidence":0.95,
                                 "summary":"2 of 40 mismatched (5 %): below 15 % at 95 %"},
                 "totals":{"matched":38,"pairsCompared":40,"monolithCompared":40,"candidateCompared":40,
                           "missingInCandidate":0,"missingInMonolith":0,"fieldMismatch":2,"acknowledged":0},
                 "pending":{"monolith":2,"candidate":1},
                 "lastPass":{"trigger":"schedule","startedAt":"2026-11-25T10:00:05Z","durationMs":4,"monolithRecords":20,
                             "candidateRecords":20,"matched":19,"missingInCandidate":0,"missingInMonolith":0,
                             "fieldMismatch":1,"resolved":0,"monolithPending":2,"candidatePending":1,"awaitingTwin":0},
                 "differences":{"page":0,"size":1,"total":2,"items":[]}}""")));
        lab.stubFor(get(urlPathEqualTo("/notification/comparation/passes")).willReturn(okJson("""
                [{"trigger":"schedule","startedAt":"2026-11-25T10:00:05Z","durationMs":4,"monolithRecords":20,
                  "candidateRecords":20,"matched":19,"missingInCandidate":0,"missingInMonolith":0,"fieldMismatch":1,
                  "resolved":0,"monolithPending":2,"candidatePending":1,"awaitingTwin":0},
                 {"trigger":"schedule","startedAt":"2026-11-25T10:00:00Z","durationMs":5,"monolithRecords":20,
                  "candidateRecords":20,"matched":19,"missingInCandidate":0,"missingInMonolith":0,"fieldMismatch":1,
                  "resolved":0,"monolithPending":0,"candidatePending":0,"awaitingTwin":0}]""")));
        // Two open differences; acknowledging payroll 2 moves it to the acknowledged ones.
        lab.stubFor(differences("open").inScenario("ack").whenScenarioStateIs(STARTED)
                .willReturn(okJson(page(2, difference(3, null) + "," + difference(2, null)))));
        lab.stubFor(differences("acknowledged").inScenario("ack").whenScenarioStateIs(STARTED)
                .willReturn(okJson(page(0, ""))));
        lab.stubFor(post("/notification/comparation/differences/2/acknowledgement").inScenario("ack")
                .willSetStateTo("acknowledged").willReturn(okJson(difference(2, "ana"))));
        lab.stubFor(differences("open").inScenario("ack").whenScenarioStateIs("acknowledged")
                .willReturn(okJson(page(1, difference(3, null)))));
        lab.stubFor(differences("acknowledged").inScenario("ack").whenScenarioStateIs("acknowledged")
                .willReturn(okJson(page(1, difference(2, "ana")))));
        lab.stubFor(post("/notification/comparation/differences/3/acknowledgement").willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/problem+json").withBody("""
                        {"type":"about:blank","title":"Invalid request content","status":400,
                         "detail":"Invalid request: reason must not contain control characters (U+0007 at index 3)",
                         "errors":[{"field":"reason","message":"must not contain control characters (U+0007 at index 3)"}]}""")));
        lab.stubFor(get(urlPathEqualTo("/experiment/notify/report")).willReturn(okJson("""
                {"experiment":"notify","consistent":true,"summary":"consistent: 12 notifications compared, none open",
                 "mismatchRate":{"compared":12,"mismatched":0,"rate":0.0,"upperBound":0.22,"confidence":0.95,
                                 "summary":"0 of 12 mismatched: below 23 % at 95 %"},
                 "totals":{"MATCHED":12,"MISMATCHED":0,"IGNORED":0,"CANDIDATE_FAILED":0,"TIMED_OUT":0,"SKIPPED":0},
                 "open":{"MATCHED":0,"MISMATCHED":0,"IGNORED":0,"CANDIDATE_FAILED":0,"TIMED_OUT":0,"SKIPPED":0},
                 "latency":{"control":{"count":12,"p50Ms":1.2,"p99Ms":3.5},"candidate":{"count":12,"p50Ms":2.1,"p99Ms":6.0}},
                 "observations":{"content":[],"number":0,"size":5,"totalElements":0}}""")));
        lab.stubFor(get("/release").willReturn(okJson("""
                {"id":"r1","primary":"monolith-v1","canary":"monolith-v2","steps":[10,50,100],"interval":"PT15S",
                 "status":"PROGRESSING","step":0,"weight":10,"emptyWindows":0,"startedAt":"2026-11-25T10:00:00Z",
                 "finishedAt":null,"outcome":null,
                 "checks":[{"name":"errors","outcome":"PENDING","value":0.0,"threshold":0.01,
                            "detail":"canary 5xx 0.0 % (0 of 78), primary 0.0 % (0 of 702): +0.00 pp, between -0.52 pp and +6.10 pp at 95.0 %: not decided yet against the +1.00 pp budget",
                            "evidence":{"test":"always-valid confidence sequence on the excess of 5xx (Beta-binomial mixture)",
                                        "statistic":0.0,"pValue":null,"lowerBound":-0.0052,"upperBound":0.061,
                                        "effect":0.0,"alpha":0.05,"progress":0.16}},
                           {"name":"latency","outcome":"PASSED","value":0.002,"threshold":0.025,
                            "detail":"canary median 14 ms against the primary's 12 ms (+2 ms), slower in 56 % of pairs; U = 30800, p = 0.041 (decided at p < 0.017, acting from +25 ms): not shown slower",
                            "evidence":{"test":"one-sided Mann-Whitney U on the window's latency histograms",
                                        "statistic":30800,"pValue":0.041,"lowerBound":null,"upperBound":null,
                                        "effect":0.002,"alpha":0.0167,"progress":1.0}}],
                 "history":[{"at":"2026-11-25T10:00:00Z","weight":10,"message":"release of monolith-v2 against monolith-v1 started"}]}""")));
        browser = new DashboardBrowser();
    }

    @AfterEach
    void closeTheBrowser() {
        browser.close();
    }

    @AfterAll
    static void stopTheLab() {
        lab.stop();
        comparingProxy.stop();
    }

    /**
     * Until the page shows it. The page refreshes itself and renders its lists anew: a card found just before a
     * refresh and read just after it is stale, which says to look again, not that the page is wrong.
     */
    private static ConditionFactory eventually(Duration atMost) {
        return await().atMost(atMost).ignoreException(StaleElementReferenceException.class);
    }

    @Test
    void showsTheMigrationWithoutAConsoleError() {
        browser.open(page());

        assertThat(browser.text("#route .big")).isEqualTo("monolith-v1 + monolith-v2");
        assertThat(browser.text("#route")).contains("canary release: 10 % to monolith-v2")
                .contains("monolith-v1 90 %").contains("10 %");
        assertThat(browser.text("#served")).contains("localhost").contains("3f2a9c: 120").contains("250");
        assertThat(browser.find("#comparison .badge").getDomAttribute("data-state")).isEqualTo("differences open");
        assertThat(browser.text("#verdict-answer")).isEqualTo("false");
        assertThat(browser.text("#verdict-summary")).startsWith("2 open differences");
        assertThat(browser.text("#comparison")).contains("pairs compared\n40").contains("2 monolith, 1 candidate");
        assertThat((Long) browser.script("return Chart.getChart('passes-chart').data.datasets[0].data.length"))
                .isEqualTo(2);
        assertThat(browser.text("#experiment")).contains("consistent: 12 notifications compared").contains("2.1 ms");
        assertThat(browser.text("#canary")).contains("progressing").contains("1 of 3 (10 → 50 → 100 %)")
                .contains("errors").contains("interval [-0.005, 0.061]").contains("16 %").contains("p = 0.041")
                .contains("not decided yet against the +1.00 pp budget");
        assertThat(browser.text("#verdict-strength")).isEqualTo("How strong: 2 of 40 mismatched (5 %): below 15 % at 95 %");
        assertThat(browser.text("#experiment")).contains("How strong: 0 of 12 mismatched: below 23 % at 95 %");
        assertThat(browser.notice("comparing-proxy")).isEqualTo("comparing-proxy is not running: Example 3 starts it "
                + "(docker compose -f docker-compose/comparing-proxy_docker-compose.yml up -d)");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot(Path.of("target/screenshots/dashboard-seeded.png"), 1280);
        browser.screenshot(Path.of("target/screenshots/dashboard-seeded-phone.png"), 390);
    }

    @Test
    void showsBothValuesWithTheChangedWordsMarked() {
        browser.open(page());

        WebElement newest = browser.findAll("#differences .open-list .difference").get(0);
        assertThat(newest.getDomAttribute("data-payroll-id")).isEqualTo("3");
        assertThat(newest.getText()).contains("field mismatch").contains("Juablaz: Payroll 3 shipped to Juablaz of 320")
                .contains("Juablaz: Payroll 3 shipped to Juablaz for 320");
        assertThat(browser.findAll("#differences .difference[data-payroll-id='3'] mark"))
                .extracting(WebElement::getText).containsExactly("of", "for");
        assertThat(browser.text("#differences h2")).isEqualTo("Open differences (2)");
    }

    @Test
    void theComparingProxysDifferencesKeepTheirValuesAsTheyWereWritten() {
        comparingProxy.stubFor(get("/actuator/comparisons").atPriority(1).willReturn(okJson("""
                {"settings":{"primary":"http://compare-primary:8080","candidate":"http://compare-candidate:8080",
                             "secondary":"http://compare-secondary:8080","mode":"strict","answer":"verdict"},
                 "totals":[{"endpoint":"POST /payroll","equal":1,"different":1,"failed":0}],
                 "recent":[{"id":2,"at":"2026-11-25T10:00:02Z","endpoint":"POST /payroll","method":"POST",
                            "path":"/payroll","outcome":"different",
                            "differences":[{"pointer":"/body/total","kind":"field mismatch","primary":320.00,
                                            "candidate":"320.00","noise":false},
                                           {"pointer":"/body/createdAt","kind":"field mismatch","primary":"a",
                                            "candidate":"b","noise":true}],
                            "noise":["/body/createdAt"],"failures":{}},
                           {"id":1,"at":"2026-11-25T10:00:01Z","endpoint":"POST /payroll","method":"POST",
                            "path":"/payroll","outcome":"equal","differences":[],"noise":[],"failures":{}}]}""")));
        browser.open(page());

        assertThat(browser.notice("comparing-proxy")).isNull();
        assertThat(browser.text("#comparing-proxy")).contains("mode strict")
                .contains("/body/total: 320.00 to \"320.00\"")
                .doesNotContain("/body/createdAt");
        assertThat(browser.findAll("#comparing-proxy h3 + .scroll tbody tr")).hasSize(1);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void whatUsersTypedIsShownAsTextNeverRunAsMarkup() {
        String typed = "<img src=x onerror=\\\"document.body.dataset.injected='yes'\\\">";
        lab.stubFor(differences("open").atPriority(1).willReturn(okJson(page(1, difference(9, null)
                .replace("\"monolithRecipient\":\"Juablaz\"", "\"monolithRecipient\":\"" + typed + "\"")))));
        browser.open(page());

        assertThat(browser.text("#differences .difference[data-payroll-id='9'] .side"))
                .contains("<img src=x onerror=\"document.body.dataset.injected='yes'\">: Payroll 9");
        assertThat(browser.findAll("#differences img")).isEmpty();
        assertThat(browser.find("body").getDomAttribute("data-injected")).isNull();
    }

    @Test
    void openDifferencesComeTenAPageLatestFirst() {
        StringBuilder newest = new StringBuilder();
        for (long payrollId = 112; payrollId > 102; payrollId--) {
            newest.append(newest.isEmpty() ? "" : ",").append(difference(payrollId, null));
        }
        lab.stubFor(differences("open").withQueryParam("page", equalTo("0")).atPriority(1)
                .willReturn(okJson(page(12, newest.toString()))));
        lab.stubFor(differences("open").withQueryParam("page", equalTo("1")).atPriority(1)
                .willReturn(okJson(page(12, difference(102, null) + "," + difference(101, null)))));
        browser.open(page());
        assertThat(browser.text("#differences .page-of")).isEqualTo("page 1 of 2");
        assertThat(browser.findAll("#differences .open-list .difference")).hasSize(10);
        assertThat(browser.find("#differences .previous").isEnabled()).isFalse();

        browser.find("#differences .next").click();

        eventually(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                browser.findAll("#differences .open-list .difference"))
                .extracting(card -> card.getDomAttribute("data-payroll-id")).containsExactly("102", "101"));
        assertThat(browser.text("#differences .page-of")).isEqualTo("page 2 of 2");
        assertThat(browser.find("#differences .next").isEnabled()).isFalse();
        browser.awaitRefreshes(1);                  // the page stays on the page asked for
        assertThat(browser.text("#differences .page-of")).isEqualTo("page 2 of 2");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void acknowledgingThroughTheFormMovesTheDifferenceToTheAcknowledgedOnes() {
        browser.open(page());

        acknowledge("2", "ana", "new wording agreed with product");

        eventually(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(browser.findAll("#differences .open-list .difference"))
                    .extracting(card -> card.getDomAttribute("data-payroll-id")).containsExactly("3");
            assertThat(browser.text("#differences .acknowledged-list")).contains("payroll 2").contains("by ana");
        });
        lab.verify(1, postRequestedFor(urlPathEqualTo("/notification/comparation/differences/2/acknowledgement")).withRequestBody(
                equalTo("{\"by\":\"ana\",\"reason\":\"new wording agreed with product\"}")));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aRefusedAcknowledgementShowsWhyAndKeepsTheDifferenceOpen() {
        browser.open(page());

        acknowledge("3", "ana", "ok");

        eventually(Duration.ofSeconds(10)).until(() -> browser.find(
                "#differences .difference[data-payroll-id='3'] .error").isDisplayed());
        assertThat(browser.text("#differences .difference[data-payroll-id='3'] .error"))
                .isEqualTo("Invalid request: reason must not contain control characters (U+0007 at index 3)");
        browser.awaitRefreshes(2);                 // the refreshes leave the form and its message alone
        assertThat(browser.find("#differences .difference[data-payroll-id='3'] .error").isDisplayed()).isTrue();
        assertThat(browser.findAll("#differences .open-list .difference")).hasSize(2);
    }

    @Test
    void aPartWhoseServiceStopsSaysSoInOneLineAndTheRestStays() {
        browser.open(page());
        assertThat(browser.notice("comparison")).isNull();

        lab.stubFor(get(urlPathEqualTo("/notification/comparation/report")).willReturn(aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));
        lab.stubFor(get(urlPathEqualTo("/notification/comparation/differences")).willReturn(aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));

        eventually(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(browser.notice("comparison")).isEqualTo("parallel-run-batch is not running: stage 2 starts it "
                    + "(./lab up 2)");
            assertThat(browser.notice("differences")).isEqualTo(browser.notice("comparison"));
            // The other parts stay (read as the page shows them once redrawn).
            assertThat(browser.text("#route .big")).isEqualTo("monolith-v1 + monolith-v2");
        });
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private void acknowledge(String payrollId, String by, String reason) {
        String form = "#differences .difference[data-payroll-id='" + payrollId + "'] form";
        browser.find(form + " input[name=by]").sendKeys(by);
        browser.find(form + " input[name=reason]").sendKeys(reason);
        browser.find(form + " button").click();
    }

    private String page() {
        return "http://127.0.0.1:" + port + "/";
    }

    private static MappingBuilder differences(String status) {
        return get(urlPathEqualTo("/notification/comparation/differences"))
                .withQueryParam("status", equalTo(status));
    }

    private static String page(int total, String items) {
        return "{\"page\":0,\"size\":10,\"total\":" + total + ",\"items\":[" + items + "]}";
    }

    private static String difference(long payrollId, String acknowledgedBy) {
        return """
                {"payrollId":%d,"kind":"FIELD_MISMATCH","monolithRecipient":"Juablaz",
                 "monolithMessage":"Payroll %d shipped to Juablaz of 320","candidateRecipient":"Juablaz",
                 "candidateMessage":"Payroll %d shipped to Juablaz for 320","firstSeenAt":"2026-11-25T10:00:%02dZ",
                 "acknowledgedAt":%s,"acknowledgedBy":%s,"acknowledgementReason":%s}""".formatted(payrollId,
                payrollId, payrollId, payrollId % 60, acknowledgedBy == null ? "null" : "\"2026-11-25T10:01:00Z\"",
                acknowledgedBy == null ? "null" : "\"" + acknowledgedBy + "\"",
                acknowledgedBy == null ? "null" : "\"new wording agreed with product\"");
    }
}
