package dev.parallelrun.batch;

import org.springframework.boot.SpringApplication;

/** Runs the batch locally against a throw-away PostgreSQL: {@code ./mvnw -pl parallel-run-batch spring-boot:test-run}. */
public class TestParallelRunBatchApplication {

    public static void main(String[] args) {
        SpringApplication.from(ParallelRunBatchApplication::main).with(TestcontainersConfiguration.class).run(args);
    }
}
