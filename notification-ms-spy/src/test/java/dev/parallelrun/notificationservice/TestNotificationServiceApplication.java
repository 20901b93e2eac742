package dev.parallelrun.notificationservice;

import org.springframework.boot.SpringApplication;

/** Runs the microservice locally against a throw-away PostgreSQL container: {@code ./mvnw -pl notification-ms-spy spring-boot:test-run}. */
public class TestNotificationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.from(NotificationServiceApplication::main).with(TestcontainersConfiguration.class).run(args);
    }
}
