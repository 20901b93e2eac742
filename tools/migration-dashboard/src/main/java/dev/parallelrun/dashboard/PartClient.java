package dev.parallelrun.dashboard;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the parts of the lab with short timeouts: a part that refuses the connection is shown as not running, one
 * that does not answer within them as slow, and neither holds the page up.
 */
class PartClient {

    private final RestClient http;
    private final Duration timeout;

    PartClient(RestClient.Builder builder, Duration timeout) {
        HttpClientSettings settings = HttpClientSettings.defaults().withConnectTimeout(timeout)
                .withReadTimeout(timeout);
        this.http = builder.requestFactory(ClientHttpRequestFactoryBuilder.detect().build(settings)).build();
        this.timeout = timeout;
    }

    /**
     * The part's JSON answer to {@code GET path}.
     *
     * @param whenNotFound what the page says when the part answers 404: it runs, without what was asked
     * @throws PartUnavailableException with the line the page shows instead
     */
    JsonNode json(Part part, String path, String whenNotFound) {
        return read(part, path, whenNotFound, JsonNode.class);
    }

    /** The part's text answer to {@code GET path}. */
    String text(Part part, String path) {
        return read(part, path, null, String.class);
    }

    /** {@code GET uri}'s JSON, or empty when nothing answers there as expected: for probing instances. */
    Optional<JsonNode> probe(URI uri) {
        try {
            return Optional.ofNullable(http.get().uri(uri).accept(MediaType.APPLICATION_JSON).retrieve()
                    .body(JsonNode.class));
        }
        catch (RestClientException noAnswer) {
            return Optional.empty();
        }
    }

    /**
     * Sends {@code json} to the part and answers what it answered, status, type and body as they were: its
     * validation is the only one, and its problem details reach the page unchanged.
     */
    ResponseEntity<String> relay(Part part, String path, String json) {
        try {
            return http.post().uri(part.base().resolve(path)).contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON).body(json)
                    .exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
                            .contentType(response.getHeaders().getContentType() != null
                                    ? response.getHeaders().getContentType() : MediaType.APPLICATION_JSON)
                            .body(new String(response.getBody().readAllBytes(),
                                    StandardCharsets.UTF_8)));
        }
        catch (RestClientException noAnswer) {
            throw new PartUnavailableException(unanswered(part, "POST " + path, noAnswer));
        }
    }

    private <T> T read(Part part, String path, String whenNotFound, Class<T> type) {
        try {
            T body = http.get().uri(part.base().resolve(path)).retrieve().body(type);
            if (body == null) {
                throw new PartUnavailableException(part.name() + " answered " + path + " with nothing");
            }
            return body;
        }
        catch (RestClientResponseException answered) {
            if (answered.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND) && whenNotFound != null) {
                throw new PartUnavailableException(whenNotFound);
            }
            throw new PartUnavailableException(part.name() + " answered " + answered.getStatusCode().value()
                    + " to " + path);
        }
        catch (RestClientException noAnswer) {
            throw new PartUnavailableException(unanswered(part, "GET " + path, noAnswer));
        }
    }

    /** A part that took the connection and kept its answer is running, and slow: the page says which it was. */
    private String unanswered(Part part, String request, RestClientException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpConnectTimeoutException) {
                return part.name() + " did not take a connection within " + millis(timeout) + " (" + request + ")";
            }
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return part.name() + " did not answer " + request + " within " + millis(timeout);
            }
        }
        return part.notRunning();
    }

    private static String millis(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
