package dev.parallelrun.batch;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The monolith's and the microservice's databases, each created by that service's own Flyway scripts (read from its
 * module), so a schema change in a service breaks these tests rather than production.
 */
public final class ComparedDatabases {

    private static final String MONOLITH_MIGRATIONS = "filesystem:../monolith-v2/src/main/resources/db/migration";
    private static final String CANDIDATE_MIGRATIONS =
            "filesystem:../notification-ms-spy/src/main/resources/db/migration";

    private final PostgreSQLContainer postgres;
    private final JdbcClient monolith;
    private final JdbcClient candidate;

    ComparedDatabases(PostgreSQLContainer postgres) {
        this.postgres = postgres;
        JdbcClient admin = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(),
                postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()));
        for (String database : new String[] { "monolith", "notification" }) {
            if (admin.sql("SELECT count(*) FROM pg_database WHERE datname = ?").param(database).query(Long.class)
                    .single() == 0) {
                admin.sql("CREATE DATABASE " + database).update();
            }
        }
        this.monolith = JdbcClient.create(migrated(monolithUrl(), MONOLITH_MIGRATIONS));
        this.candidate = JdbcClient.create(migrated(candidateUrl(), CANDIDATE_MIGRATIONS));
    }

    public String monolithUrl() {
        return urlOf("monolith");
    }

    public String candidateUrl() {
        return urlOf("notification");
    }

    public String username() {
        return postgres.getUsername();
    }

    public String password() {
        return postgres.getPassword();
    }

    /** The monolith's database, as its service writes it. */
    public JdbcClient monolith() {
        return monolith;
    }

    /** The microservice's database, as its service writes it. */
    public JdbcClient candidate() {
        return candidate;
    }

    private String urlOf(String database) {
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getFirstMappedPort() + "/" + database;
    }

    private DataSource migrated(String url, String migrations) {
        DataSource dataSource = dataSource(url);
        Flyway.configure().dataSource(dataSource).locations(migrations).load().migrate();
        return dataSource;
    }

    private DataSource dataSource(String url) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(postgres.getUsername());
        dataSource.setPassword(postgres.getPassword());
        dataSource.setMaximumPoolSize(4);
        return dataSource;
    }
}
