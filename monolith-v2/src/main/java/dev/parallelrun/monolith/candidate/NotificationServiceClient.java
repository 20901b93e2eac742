package dev.parallelrun.monolith.candidate;

import java.net.http.HttpClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** HTTP to the notification microservice, with connect and read timeouts so a slow candidate costs bounded time. */
@Component
class NotificationServiceClient {

    private final RestClient http;

    NotificationServiceClient(RestClient.Builder builder, CandidateProperties properties) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.readTimeout());
        this.http = builder.clone().baseUrl(properties.url().toString()).requestFactory(requests).build();
    }

    /**
     * Delivers one event. Succeeds on 2xx (a repeat is a 2xx too: the microservice is idempotent on payroll id).
     * Throws {@link CandidateRejectedException} only for answers that say the event itself is invalid (400, 409 a
     * conflicting event, 422), which no retry can fix; anything else (404 from a mistyped URL, 401/403 from a proxy,
     * 415 during a redeploy, 5xx, a timeout) is an exception that the outbox retries.
     */
    void send(PayrollShippedEvent event) {
        http.post()
                .uri("/notifications")
                .contentType(MediaType.APPLICATION_JSON)
                .body(event)
                .retrieve()
                .onStatus(NotificationServiceClient::meansTheEventIsInvalid, (request, response) -> {
                    throw new CandidateRejectedException("HTTP " + response.getStatusCode().value()
                            + " for payroll " + event.payrollId());
                })
                .toBodilessEntity();
    }

    static boolean meansTheEventIsInvalid(HttpStatusCode status) {
        return status.value() == HttpStatus.BAD_REQUEST.value() || status.value() == HttpStatus.CONFLICT.value()
                || status.value() == HttpStatus.UNPROCESSABLE_CONTENT.value();
    }
}
