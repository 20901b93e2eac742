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
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
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
 * Prometheus' protobuf format, what a Micrometer registry has recorded when it is read, as the lab's services' own do.
 */
final class FakeVersion implements AutoCloseable {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WireMockServer server = new WireMockServer(options().dynamicPort().extensions(new Scrape()));
    private volatile Runnable beforeEachRead = () -> { };
    private StubMapping users;

    FakeVersion() {
        scrape();   // the first scrape loads what every scrape needs: not while the analysis waits for one, with a timeout
        server.start();
        server.stubFor(get("/actuator/prometheus").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", VersionMetrics.PROTOBUF.toString()).withTransformers(Scrape.NAME)));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** How many times the analysis has read this instance's metrics. */
    int reads() {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo("/actuator/prometheus")).build()).getCount();
    }

    /** Runs {@code action} each time the analysis reads this instance's metrics, before the answer is written. */
    void beforeEachRead(Runnable action) {
        beforeEachRead = action;
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
    }

    private Timer timer(String uri, String status, String outcome) {
        return Timer.builder("http.server.requests").tag("method", "POST").tag("uri", uri).tag("status", status)
                .tag("outcome", outcome).tag("exception", "none").publishPercentileHistogram().register(meters);
    }

    private byte[] scrape() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            meters.scrape(body, VersionMetrics.PROTOBUF.toString());
        }
        catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        return body.toByteArray();
    }

    /** The registry's scrape as the body of the answer to a read. */
    private final class Scrape implements ResponseDefinitionTransformerV2 {

        static final String NAME = "scrape";

        @Override
        public ResponseDefinition transform(ServeEvent read) {
            beforeEachRead.run();
            return ResponseDefinitionBuilder.like(read.getResponseDefinition()).withBody(scrape()).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
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
