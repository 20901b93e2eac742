package dev.parallelrun.web.text;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Names the first offending character and its index, so a client can find it. */
public class PlainTextValidator implements ConstraintValidator<PlainText, CharSequence> {

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        int i = 0;
        while (i < value.length()) {
            int codePoint = Character.codePointAt(value, i); // an unpaired surrogate comes back as itself
            String problem = problemWith(codePoint);
            if (problem != null) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(
                        "must not contain " + problem + " (U+%04X at index %d)".formatted(codePoint, i))
                        .addConstraintViolation();
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /** Why this code point is refused, or null when it is fine. */
    static String problemWith(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.SURROGATE -> "an unpaired surrogate";
            case Character.CONTROL -> "control characters";
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "line or paragraph separators";
            default -> isBidiControl(codePoint) ? "bidirectional controls" : null;
        };
    }

    private static boolean isBidiControl(int codePoint) {
        return (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069);
    }
}
