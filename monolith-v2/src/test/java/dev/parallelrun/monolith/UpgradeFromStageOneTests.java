package dev.parallelrun.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Stage 2 is an in-place upgrade: monolith-v2 starts on the database monolith-v1 created and filled, adds its
 * tables, and every stage 1 payroll stays readable.
 */
class UpgradeFromStageOneTests {

    static PostgreSQLContainer database = new TestcontainersConfiguration().postgres();
    static ConfigurableApplicationContext v2;

    @BeforeAll
    static void stageOneDatabaseThenV2() {
        database.start();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.getJdbcUrl(), database.getUsername(),
                database.getPassword());
        // What monolith-v1 leaves behind: its schema (migration 1 only) and its payrolls.
        Flyway.configure().dataSource(dataSource).target("1").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("INSERT INTO payroll (ship_to, total, idempotency_key, created_at) VALUES ('Juablaz', 320, 'k1', now())")
                .update();
        jdbc.sql("INSERT INTO payroll (ship_to, total, created_at) VALUES ('Stage one', 5.5, now())").update();

        v2 = new SpringApplicationBuilder(MonolithV2Application.class).run(
                "--server.port=0", "--spring.datasource.url=" + database.getJdbcUrl(),
                "--spring.datasource.username=" + database.getUsername(),
                "--spring.datasource.password=" + database.getPassword(),
                "--candidate.url=http://127.0.0.1:9");
    }

    @AfterAll
    static void stop() {
        v2.close();
        database.stop();
    }

    @Test
    void stageOnePayrollsStayReadableAndNewOnesFollowThem() throws Exception {
        assertThat(get("/payroll/1").body()).contains("\"shipTo\":\"Juablaz\"").contains("\"total\":320.00");
        assertThat(get("/payroll/2").body()).contains("\"shipTo\":\"Stage one\"");

        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url("/payroll"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"shipTo\":\"Stage two\",\"total\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"id\":3");
    }

    @Test
    void idempotencyKeysFromStageOneStillHold() throws Exception {
        HttpResponse<String> repeat = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url("/payroll"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "k1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"shipTo\":\"Juablaz\",\"total\":320}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(repeat.body()).contains("\"id\":1");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        int port = ((WebServerApplicationContext) v2).getWebServer().getPort();
        return URI.create("http://localhost:" + port + path);
    }
}
