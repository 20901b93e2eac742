package dev.parallelrun.batch;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One PostgreSQL for the test: the batch's own state in its database, and the two databases it compares, made by
 * the monolith's and the microservice's own migrations ({@link ComparedDatabases}) and read through read-only
 * connections as in production.
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

    @Bean
    ComparedDatabases comparedDatabases(PostgreSQLContainer postgres) {
        return new ComparedDatabases(postgres);
    }

    @Bean
    DynamicPropertyRegistrar comparedSources(ComparedDatabases databases) {
        return registry -> {
            registry.add("comparison.monolith.url", databases::monolithUrl);
            registry.add("comparison.candidate.url", databases::candidateUrl);
            for (String side : new String[] { "monolith", "candidate" }) {
                registry.add("comparison." + side + ".username", databases::username);
                registry.add("comparison." + side + ".password", databases::password);
            }
        };
    }
}
