package dev.parallelrun.web.text;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text a person typed, safe to store, show and log: no control characters (C0, DEL, C1 such as U+0085), no line or
 * paragraph separators (U+2028, U+2029), no bidirectional embedding, override or isolate controls (U+202A–U+202E,
 * U+2066–U+2069: they make a log line or a screen read differently from what is stored) and no unpaired surrogate
 * (it cannot be stored as UTF-8 and comes back as {@code ?}). Letters of any script, emoji and sequences joined
 * with U+200D stay valid. {@code null} is valid: pair with {@link NotBlankText} where a value is required.
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    String message() default "must be plain text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
