package dev.parallelrun.web.text;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class NotBlankTextValidator implements ConstraintValidator<NotBlankText, CharSequence> {

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return value != null && value.codePoints().anyMatch(codePoint -> !isBlank(codePoint));
    }

    static boolean isBlank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || switch (codePoint) {
            // Invisible on their own: Mongolian vowel separator, zero-width space / non-joiner / joiner, word
            // joiner, byte order mark, Hangul fillers.
            case 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x115F, 0x1160, 0x3164, 0xFFA0 -> true;
            default -> false;
        };
    }
}
