package dev.parallelrun.monolith.candidate;

import java.time.Duration;
import org.springframework.boot.http.client.autoconfigure.HttpClientProperties;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;

/**
 * How long a call to the notification microservice may take, from its HTTP service group's properties
 * ({@code spring.http.serviceclient.notification-service.connect-timeout} and {@code read-timeout}), and the lease
 * that follows from it: claimed events are reserved for twice a call's limit, so no other sender takes them while
 * their call may still be in flight. Both timeouts are required: a call without a limit could hold events forever.
 */
record CandidateCallLimits(Duration connectTimeout, Duration readTimeout) {

    CandidateCallLimits {
        if (connectTimeout == null || readTimeout == null || connectTimeout.isZero() || readTimeout.isZero()) {
            throw new IllegalStateException("spring.http.serviceclient." + NotificationServiceClient.GROUP
                    + ".connect-timeout and .read-timeout must both be set: a call to the notification microservice "
                    + "without a time limit could hold its events forever");
        }
    }

    static CandidateCallLimits of(HttpServiceClientProperties serviceClients) {
        HttpClientProperties client = serviceClients.get(NotificationServiceClient.GROUP);
        return new CandidateCallLimits(client == null ? null : client.getConnectTimeout(),
                client == null ? null : client.getReadTimeout());
    }

    Duration lease() {
        return connectTimeout.plus(readTimeout).multipliedBy(2);
    }
}
