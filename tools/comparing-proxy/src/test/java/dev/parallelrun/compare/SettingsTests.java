package dev.parallelrun.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A setting the proxy cannot use stops it at start, with one line that names the property and the value. */
class SettingsTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class)
            .withPropertyValues("comparing-proxy.primary=http://monolith-v1:8080",
                    "comparing-proxy.candidate=http://final-version:8080");

    @Test
    void goodSettingsBind() {
        context.withPropertyValues("comparing-proxy.mode=subset", "comparing-proxy.ignored-pointers=/createdAt",
                "comparing-proxy.allowed-unsafe-methods=post", "comparing-proxy.compared-headers=Content-Type,Location")
                .run(started -> {
                    ComparingProxyProperties properties = started.getBean(ComparingProxyProperties.class);
                    assertThat(properties.mode()).isEqualTo(ComparingProxyProperties.Mode.SUBSET);
                    assertThat(properties.allows("POST")).isTrue();
                    assertThat(properties.allows("DELETE")).isFalse();
                    assertThat(properties.allows("GET")).isTrue();
                    assertThat(properties.comparedHeaders()).containsExactly("content-type", "location");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "comparing-proxy.ignored-pointers=createdAt | comparing-proxy.ignored-pointers: 'createdAt' is not a JSON Pointer",
            "comparing-proxy.unordered-pointers=content | comparing-proxy.unordered-pointers: 'content' is not a JSON Pointer",
            "comparing-proxy.candidate=final-version:8080 | comparing-proxy.candidate: 'final-version:8080' is not an http(s) URL",
            "comparing-proxy.secondary=http://x:8080/?a=1 | comparing-proxy.secondary: 'http://x:8080/?a=1' is not an http(s) URL",
            "comparing-proxy.allowed-unsafe-methods=GET | comparing-proxy.allowed-unsafe-methods: 'GET' is not one of POST",
            "comparing-proxy.mode=fuzzy | fuzzy",
            "comparing-proxy.timeout=soon | soon" })
    void aSettingItCannotUseStopsItWithOneLine(String setting, String message) {
        context.withPropertyValues(setting).run(started -> {
            assertThat(started).hasFailed();
            Throwable cause = started.getStartupFailure();
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause.getMessage()).contains(message).doesNotContain("\n");
        });
    }

    @Test
    void thePrimaryAndTheCandidateAreRequired() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                        ValidationAutoConfiguration.class))
                .withUserConfiguration(Settings.class)
                .run(started -> assertThat(started).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("comparing-proxy.primary"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ComparingProxyProperties.class)
    static class Settings {
    }
}
