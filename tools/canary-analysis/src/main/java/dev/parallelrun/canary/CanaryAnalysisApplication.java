package dev.parallelrun.canary;

import java.security.Security;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CanaryAnalysisApplication {

    public static void main(String[] args) {
        // A version's instances are found by DNS each second: a replica that starts or stops must be seen at once,
        // not after the JVM's 30 s cache.
        Security.setProperty("networkaddress.cache.ttl", "1");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        SpringApplication.run(CanaryAnalysisApplication.class, args);
    }
}
