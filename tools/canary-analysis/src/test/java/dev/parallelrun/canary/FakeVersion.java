package dev.parallelrun.canary;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import com.dynatrace.hash4j.hashing.Hashing;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One instance of a version as the analysis sees it: an HTTP server whose {@code /actuator/prometheus} answers, in
 * Prometheus' protobuf format, what a Micrometer registry recorded, as the lab's services' own do.
 */
final class FakeVersion implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private StubMapping users;

    FakeVersion() {
        server.start();
        publish();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** How many times the analysis has read this instance's metrics. */
    int reads() {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo("/actuator/prometheus")).build()).getCount();
    }

    /** Records answers to {@code POST /payroll}, each taking {@code latency}, and what an operator asked. */
    synchronized void serve(int ok, int errors, Duration latency) {
        for (int i = 0; i < ok; i++) {
            timer("/payroll", "201", "SUCCESS").record(latency);
        }
        for (int i = 0; i < errors; i++) {
            timer("/payroll", "500", "SERVER_ERROR").record(latency);
        }
        timer("/actuator/prometheus", "200", "SUCCESS").record(Duration.ofSeconds(5));
        timer("/inventory", "500", "SERVER_ERROR").record(Duration.ofSeconds(5));
        publish();
    }

    private Timer timer(String uri, String status, String outcome) {
        return Timer.builder("http.server.requests").tag("method", "POST").tag("uri", uri).tag("status", status)
                .tag("outcome", outcome).tag("exception", "none").publishPercentileHistogram().register(meters);
    }

    private void publish() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            meters.scrape(body, VersionMetrics.PROTOBUF.toString());
        }
        catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        server.stubFor(get("/actuator/prometheus").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", VersionMetrics.PROTOBUF.toString()).withBody(body.toByteArray())));
    }

    /**
     * Answers {@code GET /actuator/users/{since}} as the served-by library does, with these users in its sketch
     * (whatever the moment asked); until then, and after {@link #noUsers}, a 404, as a service that does not count them.
     */
    void users(int count, String prefix) {
        UltraLogLog sketch = UltraLogLog.create(12);
        for (int user = 0; user < count; user++) {
            sketch.add(Hashing.komihash5_0().hashCharsToLong(prefix + user));
        }
        users = server.stubFor(get(urlPathMatching("/actuator/users/[0-9]+")).willReturn(okJson("{\"from\":\""
                + Instant.now() + "\",\"users\":" + count + ",\"sketch\":\""
                + Base64.getEncoder().encodeToString(sketch.getState()) + "\"}")));
    }

    void noUsers() {
        if (users != null) {
            server.removeStub(users);
            users = null;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
