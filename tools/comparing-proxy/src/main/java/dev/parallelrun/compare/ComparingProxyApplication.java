package dev.parallelrun.compare;

import java.security.Security;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ComparingProxyApplication {

    public static void main(String[] args) {
        // A target recreated (new settings, a restart) comes back at a new address under the same name: it must be
        // reached there at once, not after the JVM's 30 s DNS cache.
        Security.setProperty("networkaddress.cache.ttl", "1");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        SpringApplication.run(ComparingProxyApplication.class, args);
    }
}
