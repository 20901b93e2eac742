package dev.parallelrun.monolith.candidate;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * The notification microservice, as the monolith calls it: a declarative HTTP interface whose base URL and timeouts
 * are Spring Boot's {@code spring.http.serviceclient.notification-service.*} properties. A status other than 2xx is
 * thrown as Spring's {@code RestClientResponseException}; so is a call that timed out, as
 * {@code ResourceAccessException}.
 */
@HttpExchange(url = "/notifications", contentType = "application/json", accept = "application/json")
interface NotificationServiceClient {

    /** The HTTP service group, the key of its properties. */
    String GROUP = "notification-service";

    /** Up to 500 events in one call, each answered with its own outcome. */
    @PostExchange("/batch")
    EventBatchOutcome receiveAll(@RequestBody EventBatch batch);
}
