package dev.parallelrun.servedby;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Every servlet service of the lab names the instance that served each response ({@code X-Served-By}) and counts
 * what it served ({@code served_requests_total} in Prometheus); with {@code served-by.inventory=true} it also answers
 * {@code GET /inventory} with its own and its version's count.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServedByProperties.class)
public class ServedByAutoConfiguration {

    @Bean
    InstanceIdentity instanceIdentity(ServedByProperties properties, Environment environment,
            ObjectProvider<BuildProperties> build) {
        String service = properties.service() != null ? properties.service()
                : environment.getProperty("spring.application.name", "application");
        String instance = properties.instance() != null ? properties.instance()
                : InstanceIdentity.instanceFrom(System.getenv("HOSTNAME"));
        BuildProperties buildProperties = build.getIfAvailable();
        String version = buildProperties != null ? buildProperties.getVersion() : "unknown";
        return new InstanceIdentity(service, version, instance, properties.node());
    }

    @Bean
    ServedCount servedCount(InstanceIdentity identity, ObjectProvider<MeterRegistry> registry) {
        ServedCount count = new ServedCount();
        registry.ifAvailable(meters -> FunctionCounter.builder("served.requests", count, ServedCount::get)
                .description("Requests this instance served to users (all but /actuator and /inventory)")
                .tag("service", identity.service()).tag("instance_id", identity.instance())
                .register(meters));
        return count;
    }

    @Bean
    UsersSeen usersSeen(ServedByProperties properties) {
        return new UsersSeen(Clock.systemUTC(), properties.usersKept());
    }

    /** First of all filters, so that whatever answers (a filter, an error handler, the container) keeps the header. */
    @Bean
    FilterRegistrationBean<ServedByFilter> servedByFilter(InstanceIdentity identity, ServedCount count,
            UsersSeen users) {
        FilterRegistrationBean<ServedByFilter> registration =
                new FilterRegistrationBean<>(new ServedByFilter(identity, count, users));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** {@code GET /actuator/users}, where the service runs the actuator (and exposes it). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class Users {

        @Bean
        UsersEndpoint usersEndpoint(UsersSeen users) {
            return new UsersEndpoint(users);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "served-by.inventory", havingValue = "true")
    @ConditionalOnBean(JdbcClient.class)
    @EnableScheduling
    static class Inventory {

        @Bean
        ClusterCount clusterCount(JdbcClient jdbc, InstanceIdentity identity, ServedCount count,
                ServedByProperties properties) {
            return new ClusterCount(jdbc, identity, count, properties.publishInterval());
        }

        @Bean
        InventoryController inventoryController(InstanceIdentity identity, ServedCount count, ClusterCount cluster) {
            return new InventoryController(identity, count, cluster);
        }
    }
}
