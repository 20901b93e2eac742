package dev.parallelrun.web.text;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The plain-text rules every service puts on the text it accepts, one character class at a time. */
class TextConstraintsTests {

    record Name(@NotBlankText @PlainText String value) {
    }

    static final ValidatorFactory factory = Validation.buildDefaultValidatorFactory();
    final Validator validator = factory.getValidator();

    @AfterAll
    static void close() {
        factory.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NUL                       | 0000 | control characters
            line feed                 | 000A | control characters
            tab                       | 0009 | control characters
            DEL                       | 007F | control characters
            C1 next line              | 0085 | control characters
            C1 control sequence       | 009B | control characters
            line separator            | 2028 | line or paragraph separators
            paragraph separator       | 2029 | line or paragraph separators
            left-to-right embedding   | 202A | bidirectional controls
            right-to-left override    | 202E | bidirectional controls
            first strong isolate      | 2068 | bidirectional controls
            pop directional isolate   | 2069 | bidirectional controls
            lone high surrogate       | D800 | an unpaired surrogate
            lone low surrogate        | DC00 | an unpaired surrogate
            """)
    void refusesWhatIsNotPlainTextAndSaysWhere(String name, String hex, String problem) {
        char refused = (char) Integer.parseInt(hex, 16);

        assertThat(messages("a" + refused + "b"))
                .containsExactly("must not contain " + problem + " (U+" + hex + " at index 1)");
    }

    @Test
    void highSurrogateWithoutItsPairAtTheEndIsUnpaired() {
        assertThat(messages("ab\uD83D")).containsExactly("must not contain an unpaired surrogate (U+D83D at index 2)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Juablaz", "José Núñez", "Ærøskøbing", "Москва", "北京市", "محمد", "שלום",
            "देवनागरी", "👍", "👨‍👩‍👧 family", "🏳️‍🌈", "Ana\u200Dlyse", "a\u200Fb (right-to-left mark)",
            "{total}", "$1 and \\1" })
    void acceptsLettersOfAnyScriptEmojiAndJoinedSequences(String value) {
        assertThat(messages(value)).isEmpty();
    }

    @ParameterizedTest(name = "blank: {0}")
    @ValueSource(strings = { "", " ", "   ", "\u00A0\u00A0", "\u2007", "\u202F", "\u3000", "\u2003\u2009",
            "\u200B", "\u200D", "\uFEFF", "\u3164", " \u00A0\u3000 " })
    void blankInAnyScriptIsBlank(String value) {
        assertThat(messages(value)).contains("must not be blank");
    }

    @Test
    void nullIsBlank() {
        assertThat(messages(null)).containsExactly("must not be blank");
    }

    private Set<String> messages(String value) {
        return validator.validate(new Name(value)).stream().map(ConstraintViolation::getMessage)
                .collect(java.util.stream.Collectors.toSet());
    }
}
