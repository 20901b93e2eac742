package dev.parallelrun.web.problem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxRequestBody the largest request body accepted; the services' messages are well under 1 KB, so anything
 *                       near this limit is a mistake or an attack and gets 413 before it is parsed
 */
@Validated
@ConfigurationProperties("http")
public record HttpLimitsProperties(@DefaultValue("16KB") DataSize maxRequestBody) {
}
