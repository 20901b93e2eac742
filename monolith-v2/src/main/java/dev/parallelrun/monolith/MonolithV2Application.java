package dev.parallelrun.monolith;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MonolithV2Application {

    public static void main(String[] args) {
        SpringApplication.run(MonolithV2Application.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
