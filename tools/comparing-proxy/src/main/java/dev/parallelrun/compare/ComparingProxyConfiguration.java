package dev.parallelrun.compare;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ComparingProxyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ComparingProxyConfiguration.class);

    @Bean
    Targets targets(ComparingProxyProperties properties) {
        log.info("Comparing {} (primary) with {} (candidate){}: mode {}, answering with {}", properties.primary(),
                properties.candidate(), properties.secondary() == null ? ", no secondary: nothing is told apart as noise"
                        : ", noise told by " + properties.secondary() + " (secondary)",
                properties.mode().name().toLowerCase(), properties.answer().name().toLowerCase());
        return new Targets(properties.timeout());
    }

    @Bean
    ExchangeComparator exchangeComparator(ComparingProxyProperties properties) {
        return new ExchangeComparator(properties);
    }

    @Bean
    ComparisonLog comparisonLog(ComparingProxyProperties properties, MeterRegistry meters) {
        return new ComparisonLog(meters, properties.maxEndpoints(), properties.recentDifferences());
    }
}
