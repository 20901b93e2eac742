package dev.parallelrun.monolith.candidate;

import java.net.http.HttpClient;
import org.springframework.http.HttpStatus;
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
     * Delivers one event. Succeeds on 2xx (a repeat is a 2xx too: the microservice is idempotent on payroll id);
     * throws {@link CandidateRejectedException} on a 4xx other than 408 and 429, any other exception otherwise.
     */
    void send(PayrollShippedEvent event) {
        http.post()
                .uri("/notifications")
                .contentType(MediaType.APPLICATION_JSON)
                .body(event)
                .retrieve()
                .onStatus(status -> status.is4xxClientError()
                                && status.value() != HttpStatus.REQUEST_TIMEOUT.value()
                                && status.value() != HttpStatus.TOO_MANY_REQUESTS.value(),
                        (request, response) -> {
                            throw new CandidateRejectedException("HTTP " + response.getStatusCode().value()
                                    + " for payroll " + event.payrollId());
                        })
                .toBodilessEntity();
    }
}
