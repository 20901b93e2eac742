package dev.parallelrun.batch;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One PostgreSQL for the test: the batch's own state in {@code public}, and the two sides it compares in the
 * schemas {@code monolith} and {@code candidate} (see {@code SourceTables}), each reached through its own
 * read-only connection as in production.
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
    DynamicPropertyRegistrar comparedSources(PostgreSQLContainer postgres) {
        return registry -> {
            for (String side : new String[] { "monolith", "candidate" }) {
                registry.add("comparison." + side + ".url", () -> "jdbc:postgresql://" + postgres.getHost() + ":"
                        + postgres.getFirstMappedPort() + "/" + postgres.getDatabaseName() + "?currentSchema=" + side);
                registry.add("comparison." + side + ".username", postgres::getUsername);
                registry.add("comparison." + side + ".password", postgres::getPassword);
            }
        };
    }
}
