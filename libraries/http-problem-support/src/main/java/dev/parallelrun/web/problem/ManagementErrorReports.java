package dev.parallelrun.web.problem;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/** A service whose actuator has a port of its own (the comparing proxy): Tomcat's answers there are problem+json too. */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory")
class ManagementErrorReports {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementProblemDetailErrorReports() {
        return HttpProblemSupportAutoConfiguration.TomcatErrorReports::useProblemDetails;
    }
}
