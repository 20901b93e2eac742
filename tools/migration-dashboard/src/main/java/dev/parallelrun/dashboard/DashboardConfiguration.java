package dev.parallelrun.dashboard;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    PartClient partClient(RestClient.Builder http, DashboardProperties properties) {
        return new PartClient(http, properties.timeout());
    }

    @Bean
    Parts parts(DashboardProperties properties) {
        return Parts.of(properties);
    }

    @Bean
    ServedCounts servedCounts(PartClient parts, DashboardProperties properties) {
        return new ServedCounts(parts, properties.versions(), properties.versionPort());
    }
}
