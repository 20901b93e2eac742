package dev.parallelrun.monolith;

import org.springframework.boot.SpringApplication;

/** Runs monolith-v2 locally against a throw-away PostgreSQL container: {@code ./mvnw -pl monolith-v2 spring-boot:test-run}. */
public class TestMonolithV2Application {

    public static void main(String[] args) {
        SpringApplication.from(MonolithV2Application::main).with(TestcontainersConfiguration.class).run(args);
    }
}
