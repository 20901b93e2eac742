package dev.parallelrun.web.problem;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * How every service of the lab treats what clients send: errors as RFC 9457 problem+json (replacing Boot's own
 * handler), strict JSON, and a cap on request bodies. The text rules ({@code dev.parallelrun.web.text}) are
 * constraints the services put on their own records. Also active in {@code @WebMvcTest} slices, so slice tests
 * see the same answers as the running service.
 */
@AutoConfiguration(before = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpLimitsProperties.class)
@Import(ProblemDetailsExceptionHandler.class)
public class HttpProblemSupportAutoConfiguration {

    @Bean
    RequestBodyLimitFilter requestBodyLimitFilter(HttpLimitsProperties limits) {
        return new RequestBodyLimitFilter(limits);
    }

    /**
     * Tomcat's own answers (before the request reaches Spring) are problem+json too; on a management port of its own,
     * ManagementErrorReports does the same there.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory")
    static class TomcatErrorReports {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemDetailErrorReports() {
            return TomcatErrorReports::useProblemDetails;
        }

        /** Tomcat makes the host's error report valve from its class name when the host starts. */
        static void useProblemDetails(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemDetailErrorReportValve.class.getName());
                }
            });
        }
    }

    /**
     * An unknown field (a typo such as {@code shipto}), a field given twice (which one would count?) or a value of
     * the wrong JSON type ({@code "total":"320"}, {@code "shipTo":12}, {@code "steps":[10.5]} for whole numbers) is a
     * 400 instead of being dropped, chosen silently or converted.
     */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
