package dev.parallelrun.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The page's own API: a client mistake is a 4xx problem, a part that does not run is a state, never a 500, and one
 * that runs and does not answer in time is told from one that does not run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dashboard.timeout=500ms")
@AutoConfigureRestTestClient
class DashboardApiTests {

    /**
     * A port bound and never listened on, held for the whole class: a connection to it is refused, and no other
     * process can take it meanwhile, as one could take a port found free and then let go.
     */
    private static final Socket nothingListens = boundNotListening();

    /** Listening, never accepting: the kernel completes the connection into its backlog, and nothing ever answers. */
    private static final ServerSocket silent = listeningSilently();

    @DynamicPropertySource
    static void nothingRuns(DynamicPropertyRegistry registry) {
        String nowhere = "http://127.0.0.1:" + nothingListens.getLocalPort();
        registry.add("dashboard.proxy", () -> nowhere);
        registry.add("dashboard.versions", () -> "localhost");
        registry.add("dashboard.version-port", nothingListens::getLocalPort);
        registry.add("dashboard.parallel-run-batch", () -> nowhere);
        registry.add("dashboard.experiment", () -> "http://127.0.0.1:" + silent.getLocalPort());
        registry.add("dashboard.canary-analysis", () -> nowhere);
        registry.add("dashboard.comparing-proxy", () -> nowhere);
    }

    @Autowired
    RestTestClient http;

    @Test
    void everyPartOfALabThatDoesNotRunSaysSoInOneLine() {
        http.get().uri("/api/route").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.available").isEqualTo(false)
                .jsonPath("$.notice").isEqualTo("payment.service's proxy is not running: ./lab up 1 starts it");
        http.get().uri("/api/served").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.notice").isEqualTo("no version of the payment service is running: ./lab up 1 starts the first");
        http.get().uri("/api/differences").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.notice").isEqualTo("parallel-run-batch is not running: stage 2 starts it (./lab up 2)");
    }

    @Test
    void aPartThatTakesTheConnectionAndNeverAnswersIsSlowNotStopped() {
        http.get().uri("/api/experiment").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.available").isEqualTo(false)
                .jsonPath("$.notice").isEqualTo(
                        "monolith-v2 did not answer GET /experiment/notify/report?size=5 within 500 ms");
    }

    @Test
    void anAcknowledgementThatCannotReachTheComparisonIsA503() {
        http.post().uri("/api/differences/7/acknowledgement").contentType(MediaType.APPLICATION_JSON)
                .body("{\"by\":\"ana\",\"reason\":\"ok\"}").exchange().expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.detail").isEqualTo("parallel-run-batch is not running: stage 2 starts it (./lab up 2)");
    }

    @Test
    void clientMistakesAreProblems() {
        http.get().uri("/api/differences?status=closed").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("status").contains("must be open or acknowledged"));
        http.get().uri("/api/differences?size=0").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post().uri("/api/differences/x/acknowledgement").contentType(MediaType.APPLICATION_JSON).body("{}")
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post().uri("/api/differences/7/acknowledgement").contentType(MediaType.TEXT_PLAIN).body("ok")
                .exchange().expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/nothing").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @AfterAll
    static void letThePortsGo() throws IOException {
        nothingListens.close();
        silent.close();
    }

    private static Socket boundNotListening() {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket;
        }
        catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static ServerSocket listeningSilently() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
