package dev.parallelrun.monolith.payroll;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A client that answers what one request got, for tests of 503s: the Apache HttpClient a test client uses by default
 * sends a 503 with Retry-After again by itself, which would hide it.
 */
final class SingleAttemptClient {

    private SingleAttemptClient() {
    }

    static RestTestClient on(int port) {
        return RestTestClient.bindToServer(new JdkClientHttpRequestFactory()).baseUrl("http://localhost:" + port)
                .build();
    }
}
