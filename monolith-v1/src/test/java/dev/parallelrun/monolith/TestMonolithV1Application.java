package dev.parallelrun.monolith;

import org.springframework.boot.SpringApplication;

/** Runs monolith-v1 locally against a throw-away PostgreSQL container: {@code ./mvnw -pl monolith-v1 spring-boot:test-run}. */
public class TestMonolithV1Application {

    public static void main(String[] args) {
        SpringApplication.from(MonolithV1Application::main).with(TestcontainersConfiguration.class).run(args);
    }
}
