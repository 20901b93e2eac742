package dev.parallelrun.dashboard;

import java.security.Security;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MigrationDashboardApplication {

    public static void main(String[] args) {
        // The parts and a version's instances are found by DNS at every refresh: a service that starts or stops must
        // show at once, not after the JVM's 30 s cache.
        Security.setProperty("networkaddress.cache.ttl", "1");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        SpringApplication.run(MigrationDashboardApplication.class, args);
    }
}
