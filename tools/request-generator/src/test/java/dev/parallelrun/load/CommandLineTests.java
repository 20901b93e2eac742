package dev.parallelrun.load;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark tools as a user runs them, against WireMock stand-ins for the services: what they print, what they
 * send, and how they refuse a bad argument (one line, a non-zero exit, never a stack trace).
 */
class CommandLineTests {

    private final WireMockServer baseline = new WireMockServer(options().dynamicPort());
    private final WireMockServer candidate = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        baseline.start();
        candidate.start();
        baseline.stubFor(post("/payroll").willReturn(aResponse().withStatus(201)));
        candidate.stubFor(post("/payroll").willReturn(aResponse().withStatus(201).withFixedDelay(20)));
    }

    @AfterEach
    void stop() {
        baseline.stop();
        candidate.stop();
    }

    @Test
    void comparesTheSameInterleavedPayrollsAndPrintsTheRatios() {
        Run run = overhead(url(baseline), url(candidate), "--rounds", "1", "--requests", "20", "--warmup", "2",
                "--warmup-seconds", "0", "--clients", "2", "--slices", "2", "--slice-seconds", "1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("latency round 1/1: 20 interleaved requests each after 2 warm-up");
        Matcher summary = Pattern.compile("summary: p50_ratio=([0-9.]+) p90_ratio=[0-9.]+ p99_ratio=[0-9.]+ "
                + "throughput_ratio=([0-9.]+) baseline_per_s=\\d+ candidate_per_s=\\d+ failed=0").matcher(run.out());
        assertThat(summary.find()).as(run.out()).isTrue();
        // 20 ms added to every candidate answer: slower by far, and fewer payrolls a second.
        assertThat(Double.parseDouble(summary.group(1))).isGreaterThan(2);
        assertThat(Double.parseDouble(summary.group(2))).isLessThan(0.9);
        // Both were sent the same latency sequence.
        List<String> toBaseline = latencyPayrolls(baseline);
        assertThat(toBaseline).hasSize(22).isEqualTo(latencyPayrolls(candidate));
    }

    @Test
    void theKeepUpRunSamplesTheCandidatesOutbox() {
        candidate.stubFor(get("/actuator/outbox").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"mode\":\"PARALLEL_RUN\",\"pending\":7,\"rejected\":0,\"rejectedEvents\":[]}")));

        Run run = overhead(url(baseline), url(candidate), "--rounds", "1", "--requests", "2", "--warmup", "0",
                "--warmup-seconds", "0", "--clients", "1", "--slices", "2", "--slice-seconds", "1",
                "--outbox", url(candidate) + "/actuator/outbox", "--keep-up-seconds", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("keep_up: backlog_start=7 backlog_max=7 backlog_end=7");
    }

    @Test
    void aTargetThatDoesNotCreatePayrollsIsNamedInOneLine() {
        candidate.stubFor(post("/payroll").willReturn(aResponse().withStatus(404)));

        Run run = overhead(url(baseline), url(candidate));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("parallel-run-overhead: " + url(candidate)
                + "/payroll answered 404 to a payroll, not 201\n");
    }

    @Test
    void nothingListeningIsNamedInOneLine() {
        String gone = url(candidate);
        candidate.stop();

        Run run = overhead(url(baseline), gone);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("parallel-run-overhead: nothing answers at " + gone + "/payroll\n");
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        for (String[] args : List.of(new String[] { url(baseline) }, new String[] { "ftp://x", url(candidate) },
                new String[] { url(baseline), url(candidate), "--clients", "0" },
                new String[] { url(baseline), url(candidate), "--rounds", "many" },
                new String[] { url(baseline), url(candidate), "--no-such-option" })) {
            Run run = overhead(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).startsWith("parallel-run-overhead: ").endsWith("(see --help)\n")
                    .hasLineCount(1).doesNotContain("Exception");
            assertThat(baseline.getAllServeEvents()).isEmpty();
        }
        Run drain = run(new OutboxDrain(), "localhost:8082");
        assertThat(drain.exit()).isEqualTo(2);
        assertThat(drain.err()).isEqualTo("outbox-drain: not an http:// URL: localhost:8082 (see --help)\n");
    }

    @Test
    void theDrainIsTimedFromTheFirstDelivery() {
        String outbox = "/actuator/outbox";
        // Twenty samples of 100 pending while the microservice is still away, then three to drain.
        int waiting = 20;
        List<Integer> pending = new ArrayList<>(Collections.nCopies(waiting, 100));
        pending.addAll(List.of(60, 20, 0));
        for (int i = 0; i < pending.size(); i++) {
            candidate.stubFor(get(outbox).inScenario("drain")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "sample" + i)
                    .willSetStateTo("sample" + Math.min(i + 1, pending.size() - 1))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json")
                            .withBody("{\"pending\":" + pending.get(i) + "}")));
        }

        long start = System.nanoTime();
        Run run = run(new OutboxDrain(), url(candidate) + outbox);
        double elapsed = (System.nanoTime() - start) / 1e9;

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("drain: 100 events pending, waiting for the first delivery\n");
        Matcher drained = Pattern.compile("drain: backlog=100 seconds=([0-9.]+) per_s=\\d+").matcher(run.out());
        assertThat(drained.find()).as(run.out()).isTrue();
        // The clock starts at the last sample before the backlog fell: three sleeps of 100 ms, and none of the 19
        // before them, which take 1.9 s at least however busy the machine is. The bound leaves them 1.8 s, plus
        // the printed figure's rounding; timed from the start, the drain would read the whole run.
        double seconds = Double.parseDouble(drained.group(1));
        assertThat(seconds).isGreaterThanOrEqualTo(0.3 - 0.05).isLessThanOrEqualTo(elapsed - 1.8 + 0.05);
    }

    @Test
    void aDrainThatNeverEndsGivesUp() {
        candidate.stubFor(get("/actuator/outbox").willReturn(aResponse().withBody("{\"pending\":5}")));

        Run run = run(new OutboxDrain(), url(candidate) + "/actuator/outbox", "--timeout-seconds", "1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).endsWith("drain: 5 of 5 events still pending after 1 s\n");
    }

    private static List<String> latencyPayrolls(WireMockServer server) {
        return server.findAll(postRequestedFor(urlEqualTo("/payroll"))).stream()
                .map(request -> request.getBodyAsString().replaceAll("^.*-(r\\d+-\\d+)\".*$", "$1"))
                .filter(shipTo -> shipTo.startsWith("r")).sorted().toList();
    }

    private static String url(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    private static Run overhead(String... args) {
        return run(new OverheadBenchmark(), args);
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(command, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err) {
    }
}
