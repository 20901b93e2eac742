package dev.parallelrun.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads monolith-v2's outbox endpoint ({@code GET /actuator/outbox}): how many events wait for the microservice. */
final class OutboxProbe {

    private final URI outbox;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    OutboxProbe(URI outbox) {
        this.outbox = outbox;
    }

    long pending() throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(outbox).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(outbox + " answered " + answer.statusCode());
        }
        JsonNode pending = json.readTree(answer.body()).get("pending");
        if (pending == null || !pending.isIntegralNumber()) {
            throw new IOException(outbox + " has no \"pending\" count: is it an outbox endpoint?");
        }
        return pending.asLong();
    }

    /** For a sampler that must not stop: empty when the endpoint could not be read this time. */
    OptionalLong tryPending() {
        try {
            return OptionalLong.of(pending());
        }
        catch (IOException failed) {
            return OptionalLong.empty();
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }
}
