package dev.parallelrun.notificationservice;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The notification database for tests; {@code POSTGRES_IMAGE} picks a compatible image where the official one is out
 * of reach.
 * One per service on purpose: each service's tests and {@code spring-boot:test-run} start that service with its own
 * database, and services share no test code (a shared one would be a test-jar dependency between them for five lines).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestcontainersConfiguration {

    @Bean
    @ServiceConnection
    PostgreSQLContainer postgres() {
        String image = System.getenv().getOrDefault("POSTGRES_IMAGE", "postgres:17-alpine");
        return new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
    }
}
