package dev.parallelrun.monolith;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.servlet.client.RestTestClient;
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
                "--spring.datasource.password=" + database.getPassword());
    }

    @AfterAll
    static void stop() {
        v2.close();
        database.stop();
    }

    @Test
    void stageOnePayrollsStayReadableAndNewOnesFollowThem() {
        http().get().uri("/payroll/1").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.shipTo").isEqualTo("Juablaz").jsonPath("$.total").isEqualTo(320.00);
        http().get().uri("/payroll/2").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.shipTo").isEqualTo("Stage one");

        http().post().uri("/payroll").contentType(MediaType.APPLICATION_JSON).body("{\"shipTo\":\"Stage two\",\"total\":1}")
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.id").isEqualTo(3);
    }

    @Test
    void idempotencyKeysFromStageOneStillHold() {
        http().post().uri("/payroll").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "k1")
                .body("{\"shipTo\":\"Juablaz\",\"total\":320}").exchange()
                .expectStatus().isCreated().expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().jsonPath("$.id").isEqualTo(1);
    }

    private static RestTestClient http() {
        int port = ((WebServerApplicationContext) v2).getWebServer().getPort();
        return RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }
}
