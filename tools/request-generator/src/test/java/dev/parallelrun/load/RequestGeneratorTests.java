package dev.parallelrun.load;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The course's request generator as a user runs it, against a WireMock stand-in for payment.service. */
class RequestGeneratorTests {

    // Enough threads for every request a test keeps in flight: at 40/s answered 600 ms later, 24 at once, which
    // WireMock's default 25 threads (some of them Jetty's acceptors and selectors) only just held; on a busy machine
    // requests queued for a free thread and the generator rightly measured 1 s instead of 600 ms.
    private final WireMockServer service = new WireMockServer(options().dynamicPort().containerThreads(100));

    @TempDir
    Path dir;

    private Path payroll;

    @BeforeEach
    void start() throws IOException {
        service.start();
        payroll = Files.writeString(dir.resolve("payroll.json"), "{\"shipTo\":\"Juablaz\",\"total\":320}");
        // Users 1 to 3 on the canary, everyone else (and requests without a user) on the primary.
        service.stubFor(post("/payroll").atPriority(2).willReturn(aResponse().withStatus(201)
                .withHeader("X-Served-By", "monolith-v1/aaa111")));
        service.stubFor(post("/payroll").atPriority(1).withHeader("X-User-Id", matching("user-[1-3]"))
                .willReturn(aResponse().withStatus(201).withHeader("X-Served-By", "monolith-v2/bbb222")));
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    @Test
    void sendsTheBodyAtTheRateAndTablesWhoServedIt() {
        Run run = generate(url(), "2", payroll.toString(), "--rate", "50");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(service.findAll(postRequestedFor(urlEqualTo("/payroll"))
                .withRequestBody(equalTo("{\"shipTo\":\"Juablaz\",\"total\":320}"))
                .withHeader("Content-Type", equalTo("application/json")))).hasSize(100);
        assertThat(run.out()).contains("[  1/2 s] sent ", "100 requests in ", "100 answered 2xx, 0 errors");
        assertThat(run.out()).containsPattern("monolith-v1 +\\(all\\) +100 +100\\.0 % +0 ");
        assertThat(run.out()).containsPattern(" +aaa111 +100 +100\\.0 % +0 ");
    }

    @Test
    void keepsItsScheduleWhenTheServerIsSlow() {
        service.stubFor(post("/payroll").atPriority(0).willReturn(aResponse().withStatus(201).withFixedDelay(600)
                .withHeader("X-Served-By", "monolith-v1/aaa111")));
        long started = System.nanoTime();

        Run run = generate(url(), "1", payroll.toString(), "--rate", "40");

        // Open loop: 40 requests leave within the second, each answered 600 ms later; not 40 × 600 ms.
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(3);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("40 answered 2xx, 0 errors");
        assertThat(run.out()).containsPattern("monolith-v1 +\\(all\\) +40 +100\\.0 % +0 +6\\d\\d\\.\\d");
    }

    @Test
    void usersKeepTheirSideAndAreWrittenOut() throws IOException {
        Path sides = dir.resolve("sides.txt");

        Run run = generate(url(), "2", payroll.toString(), "--rate", "100", "--users", "10", "--user-sides",
                sides.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("users: 10 sent requests; 10 always served by the same version, 0 by more than one");
        assertThat(Files.readAllLines(sides)).contains("user-1 monolith-v2", "user-10 monolith-v1", "user-4 monolith-v1");
    }

    @Test
    void errorsOverTheThresholdExitOne() {
        service.stubFor(post("/payroll").atPriority(0).willReturn(aResponse().withStatus(500)
                .withHeader("X-Served-By", "monolith-v2/ccc333")));

        Run failing = generate(url(), "1", payroll.toString(), "--rate", "10");
        Run tolerated = generate(url(), "1", payroll.toString(), "--rate", "10", "--max-error-rate", "100");

        assertThat(failing.exit()).isEqualTo(1);
        assertThat(failing.err()).isEqualTo("request-generator: 100.00 % of requests failed, more than "
                + "--max-error-rate 0.0 %\n");
        assertThat(failing.out()).containsPattern("monolith-v2 +\\(all\\) +10 +100\\.0 % +10 ");
        assertThat(tolerated.exit()).isZero();
    }

    @Test
    void aConnectionClosedUnansweredIsSentAgainOnceWithTheSameKey() {
        service.stubFor(post("/payroll").atPriority(0).inScenario("reload").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("reloaded").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Run run = generate(url(), "1", payroll.toString(), "--rate", "1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("1 requests in ", "1 answered 2xx, 0 errors (1 sent again, same Idempotency-Key");
        List<String> keys = service.findAll(postRequestedFor(urlEqualTo("/payroll"))).stream()
                .map(request -> request.getHeader("Idempotency-Key")).toList();
        assertThat(keys).hasSize(2).doesNotContainNull();
        assertThat(keys.get(0)).isEqualTo(keys.get(1));
    }

    @Test
    void noAnswerIsAnErrorOfNobody() {
        String gone = url();
        service.stop();

        Run run = generate(gone, "1", payroll.toString(), "--rate", "5");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("\\(no answer\\) +\\(all\\) +5 +100\\.0 % +5 ");
    }

    @Test
    void theSummaryAndEachSecondSayWhatTheErrorsWere() {
        service.stubFor(post("/payroll").atPriority(0).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("one busy").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")
                        .withHeader("X-Served-By", "payment-proxy")));
        service.stubFor(post("/payroll").atPriority(0).inScenario("busy").whenScenarioStateIs("one busy")
                .willSetStateTo("one slow").willReturn(aResponse().withStatus(201).withFixedDelay(3_000)));

        Run run = generate(url(), "2", payroll.toString(), "--rate", "5", "--max-error-rate", "100", "--timeout",
                "1s");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("10 requests in ", "8 answered 2xx, 2 errors");
        assertThat(run.out()).containsPattern("errors 1 \\(503 ×1\\)  p50");
        assertThat(run.out()).containsPattern("(?m)^201 +8 +80\\.0 % +0 ");
        assertThat(run.out()).containsPattern("(?m)^503 +1 +10\\.0 % +1 ");
        assertThat(run.out()).containsPattern("(?m)^timeout +1 +10\\.0 % +0 +1\\d\\d\\d\\.\\d");
    }

    @Test
    void aRefusedConnectionIsAConnectionErrorNotATimeout() {
        String gone = url();
        service.stop();

        Run run = generate(gone, "1", payroll.toString(), "--rate", "3");

        assertThat(run.out()).containsPattern("(?m)^connection error +3 +100\\.0 % +0 ");
        assertThat(run.out()).contains("(6 sent again, same Idempotency-Key, after their connection closed unanswered)");
    }

    @Test
    void theCapacityModeFindsTheKneeOfEachUrlSideBySide() {
        // A server that answers each request after 100 ms, through 2 connections: about 20 a second at most.
        service.stubFor(post("/payroll").atPriority(0).willReturn(aResponse().withStatus(201).withFixedDelay(100)));
        WireMockServer faster = new WireMockServer(options().dynamicPort());
        faster.start();
        try {
            // ... and one after 25 ms: about 80 a second.
            faster.stubFor(post("/payroll").willReturn(aResponse().withStatus(201).withFixedDelay(25)));
            Run run = generate(url(), "1", payroll.toString(), "--ramp", "10:20:90", "--compare",
                    "http://127.0.0.1:" + faster.port() + "/payroll", "--connections", "2", "--knee-p99", "400",
                    "--ramp-pause", "0");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("capacity of " + url() + " and http://127.0.0.1:" + faster.port());
            Matcher slow = Pattern.compile("knee: " + Pattern.quote(url()) + " (\\d+)/s").matcher(run.out());
            Matcher fast = Pattern.compile("knee: http://127.0.0.1:" + faster.port() + "/payroll (\\d+)/s")
                    .matcher(run.out());
            assertThat(slow.find()).as(run.out()).isTrue();
            assertThat(fast.find()).as(run.out()).isTrue();
            assertThat(Integer.parseInt(slow.group(1))).isBetween(10, 25);
            assertThat(Integer.parseInt(fast.group(1))).isBetween(50, 90);
            assertThat(run.out()).containsPattern("knee ratio: .* = 0\\.[1-4]\\d");
            assertThat(run.out()).containsPattern("(?m)^ +10/s +" + Pattern.quote(url()) + " .* holds$");
            assertThat(run.out()).contains("does not hold");
        }
        finally {
            faster.stop();
        }
    }

    @Test
    void killedBeforeItsEndItWaitsForWhatItSentPrintsWhatItGotAndExitsWithItsOwnCode() throws Exception {
        service.stubFor(post("/payroll").atPriority(0).willReturn(aResponse().withStatus(500).withFixedDelay(400)
                .withHeader("X-Served-By", "monolith-v1/aaa111")));
        // As a user runs it (java -jar, which starts itself again in a lean JVM), then `kill` as a script does.
        Process generator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RequestGenerator.class.getName(), url(), "60",
                payroll.toString(), "--rate", "20").redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(generator.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(line -> out.append(line).append('\n')));
        reader.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> out.indexOf("[  2/60 s]") >= 0);

        generator.toHandle().destroy();

        assertThat(generator.waitFor(30, TimeUnit.SECONDS)).as(out.toString()).isTrue();
        reader.join(5_000);
        // Its own code: 1, as --max-error-rate 0 makes it for 500s, not the signal's.
        assertThat(generator.exitValue()).as(out.toString()).isEqualTo(1);
        Matcher summary = Pattern.compile("\n([0-9,]+) requests in [0-9.]+ s: 0 answered 2xx, ([0-9,]+) errors "
                + "\\(stopped before its end\\)").matcher(out);
        assertThat(summary.find()).as(out.toString()).isTrue();
        // Every request it sent was answered (400 ms each) and counted before it printed.
        int sent = service.findAll(postRequestedFor(urlEqualTo("/payroll"))).size();
        assertThat(Integer.parseInt(summary.group(1).replace(",", ""))).isEqualTo(sent).isBetween(40, 400);
        assertThat(out.toString()).containsPattern("\n500 +" + sent + " ").contains("request-generator: 100.00 % of "
                + "requests failed");
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        for (List<String> args : List.of(List.of(url(), "10", dir.resolve("missing.json").toString()),
                List.of("payment.service/payroll", "10", payroll.toString()),
                List.of("ftp://payment.service/payroll", "10", payroll.toString()),
                List.of(url(), "0", payroll.toString()), List.of(url(), "ten", payroll.toString()),
                List.of(url(), "10", payroll.toString(), "--rate", "0"),
                List.of(url(), "10", payroll.toString(), "--rate", "-5"),
                List.of(url(), "10", payroll.toString(), "--users", "-1"),
                List.of(url(), "10", payroll.toString(), "--ramp", "100"),
                List.of(url(), "10", payroll.toString(), "--ramp", "0:10"),
                List.of(url(), "10", payroll.toString(), "--ramp", "500:10:100"),
                List.of(url(), "10", payroll.toString(), "--compare", url()),
                List.of(url(), "10", payroll.toString(), "--ramp", "10:10", "--compare", "ftp://x/payroll"),
                List.of(url(), "10", payroll.toString(), "--connections", "0"),
                List.of(url(), "10", payroll.toString(), "--knee-ok", "101"),
                List.of(url(), "10", payroll.toString(), "--timeout", "ten"),
                List.of(url(), "10", payroll.toString(), "--timeout", "10ms"),
                List.of(url(), "10"))) {
            Run run = generate(args.toArray(String[]::new));
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).startsWith("request-generator: ")
                    .endsWith("(see --help)\n").hasLineCount(1).doesNotContain("Exception");
        }
        assertThat(service.getAllServeEvents()).isEmpty();
    }

    private String url() {
        return "http://127.0.0.1:" + service.port() + "/payroll";
    }

    private static Run generate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new RequestGenerator(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err) {
    }
}
