package dev.parallelrun.batch.comparison;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The two databases compared, as read-only sources. They are not {@code DataSource} beans on purpose: the batch's
 * own database stays the one Spring Boot configures, migrates and runs transactions on.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ComparisonConfiguration {

    @Bean
    NotificationSource monolithNotifications(ComparisonProperties properties) {
        return NotificationSource.monolith(readOnly("monolith", properties.monolith()), properties.fetchSize());
    }

    @Bean
    NotificationSource candidateNotifications(ComparisonProperties properties) {
        return NotificationSource.candidate(readOnly("candidate", properties.candidate()), properties.fetchSize(),
                properties.candidateDelivery());
    }

    @Bean
    DataSourceHealthIndicator monolithDbHealthIndicator(NotificationSource monolithNotifications) {
        return new DataSourceHealthIndicator(monolithNotifications.dataSource(), "SELECT 1");
    }

    @Bean
    DataSourceHealthIndicator candidateDbHealthIndicator(NotificationSource candidateNotifications) {
        return new DataSourceHealthIndicator(candidateNotifications.dataSource(), "SELECT 1");
    }

    private static HikariDataSource readOnly(String name, ComparisonProperties.Source source) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name + "-source");
        config.setJdbcUrl(source.url());
        config.setUsername(source.username());
        config.setPassword(source.password());
        config.setReadOnly(true);
        config.setMaximumPoolSize(2);
        // An unreachable database fails a pass within seconds instead of holding it (and its lock) for 30 s.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.addDataSourceProperty("connectTimeout", "3");
        config.setInitializationFailTimeout(-1); // start even while that database is not up yet
        return new HikariDataSource(config);
    }
}
