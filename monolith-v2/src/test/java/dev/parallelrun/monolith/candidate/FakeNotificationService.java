package dev.parallelrun.monolith.candidate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A controllable notification microservice for monolith-v2's tests (WireMock on a port of its own): by default it
 * answers a batch with one outcome per event, as the real one does; a test can make it fail in any way. One per test
 * class, registered as an extension: it stops after the class, so the relays of contexts cached for later classes
 * never reach another class's fake.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final FakeNotificationService candidate = new FakeNotificationService();
 *
 * &#64;DynamicPropertySource
 * static void candidateUrl(DynamicPropertyRegistry registry) {
 *     candidate.isTheNotificationService(registry);
 * }
 * </pre>
 */
final class FakeNotificationService implements AfterAllCallback {

    static final String BATCH = "/notifications/batch";
    private static final JsonMapper json = JsonMapper.builder().build();

    private WireMockServer server;
    private final int port;

    FakeNotificationService() {
        this.server = started(0);
        this.port = server.port();
        recordsEveryEvent();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    WireMockServer wireMock() {
        return server;
    }

    /** Answers every event of a batch with the given outcome (RECORDED by default). */
    void answersEveryEvent(String outcome) {
        server.resetMappings();
        server.stubFor(batch().willReturn(aResponse().withTransformers(EveryEvent.NAME)
                .withTransformerParameter("outcome", outcome)));
    }

    void recordsEveryEvent() {
        answersEveryEvent("RECORDED");
    }

    /** Answers every call with this status and no outcome. */
    void answers(int status) {
        server.resetMappings();
        server.stubFor(batch().willReturn(aResponse().withStatus(status)));
    }

    /** For stubs of a test's own: a POST of a batch. */
    static MappingBuilder batch() {
        return post(urlEqualTo(BATCH));
    }

    static ResponseDefinitionBuilder everyEvent(String outcome) {
        return aResponse().withTransformers(EveryEvent.NAME).withTransformerParameter("outcome", outcome);
    }

    /** Points monolith-v2's client of the notification microservice here. */
    void isTheNotificationService(DynamicPropertyRegistry registry) {
        registry.add("spring.http.serviceclient.notification-service.base-url", this::url);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }

    /** Down: nothing listens on its port until {@link #restart()}. */
    void stopListening() {
        server.stop();
    }

    void restart() {
        if (!server.isRunning()) {
            server = started(port);
        }
        server.resetAll();
        recordsEveryEvent();
    }

    /** The payroll ids of every event it received, once per call that carried it. */
    List<Long> receivedPayrollIds() {
        List<Long> ids = new ArrayList<>();
        server.findAll(postRequestedFor(urlEqualTo(BATCH))).forEach(request -> json.readTree(request.getBodyAsString())
                .get("events").forEach(event -> ids.add(event.get("payrollId").asLong())));
        return ids;
    }

    /** How many calls carried at least one of these payrolls' events. */
    long callsCarrying(Collection<Long> payrollIds) {
        return server.findAll(postRequestedFor(urlEqualTo(BATCH))).stream()
                .filter(request -> json.readTree(request.getBodyAsString()).get("events").valueStream()
                        .anyMatch(event -> payrollIds.contains(event.get("payrollId").asLong())))
                .count();
    }

    /** The events it received, as sent. */
    List<JsonNode> receivedEvents() {
        List<JsonNode> events = new ArrayList<>();
        server.findAll(postRequestedFor(urlEqualTo(BATCH))).forEach(request -> json.readTree(request.getBodyAsString())
                .get("events").forEach(events::add));
        return events;
    }

    private static WireMockServer started(int port) {
        WireMockServer server = new WireMockServer(options().port(port).extensions(new EveryEvent()));
        server.start();
        return server;
    }

    /** The answer to a batch: one outcome per event of the request, the outcome given as a parameter. */
    static final class EveryEvent implements ResponseDefinitionTransformerV2 {

        static final String NAME = "every-event";

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            String outcome = serveEvent.getTransformerParameters().getString("outcome", "RECORDED");
            ObjectNode answer = json.createObjectNode();
            ArrayNode outcomes = answer.putArray("outcomes");
            for (JsonNode event : json.readTree(serveEvent.getRequest().getBodyAsString()).get("events")) {
                outcomes.addObject().put("payrollId", event.get("payrollId").asLong()).put("outcome", outcome)
                        .put("detail", outcome.equals("RECORDED") || outcome.equals("DUPLICATE") ? null
                                : "Invalid event: shipTo must not be blank");
            }
            // like(): whatever else the stub asked for (a delay) stays.
            return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).but().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(json.writeValueAsString(answer)).build();
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }
}
