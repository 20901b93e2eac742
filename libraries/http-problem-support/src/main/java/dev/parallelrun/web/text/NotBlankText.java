package dev.parallelrun.web.text;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Not null and not blank in any script: a value made only of Unicode spaces (no-break, ideographic, thin, ...) or
 * invisible fillers (zero-width space and joiners, word joiner, byte order mark, Hangul fillers) is blank. Bean
 * Validation's {@code @NotBlank} trims only what is at most U+0020, so a name of no-break spaces passed it.
 */
@Documented
@Constraint(validatedBy = NotBlankTextValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface NotBlankText {

    String message() default "must not be blank";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
