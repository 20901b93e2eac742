package dev.parallelrun.notificationservice.notification;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a notification from the business event with this service's own code and wording. It must agree with the
 * monolith's text for the parallel run to pass; the template is configurable to show what a disagreement looks
 * like.
 * <p>
 * The template is parsed once into literal text and placeholders, and a message is built in one pass: a value is
 * written, never read again, so a name such as {@code "{total}"} or {@code "$1"} stays exactly what the user typed.
 */
final class NotificationTemplate {

    private static final Map<String, Function<PayrollShippedEvent, String>> PLACEHOLDERS = Map.of(
            "id", event -> String.valueOf(event.payrollId()),
            "shipTo", PayrollShippedEvent::shipTo,
            "total", event -> amount(event.total()));

    /** {@code {word}}: a placeholder if the word is known, a mistake otherwise. Other braces are literal text. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private final String source;
    private final List<Function<PayrollShippedEvent, String>> parts;

    private NotificationTemplate(String source, List<Function<PayrollShippedEvent, String>> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * Also how {@code notification.template} is bound.
     *
     * @throws IllegalArgumentException for a blank template, or one with an unknown placeholder: a typo fails the
     *                                  start instead of every message
     */
    public static NotificationTemplate of(String template) {
        if (template.isBlank()) {
            throw new IllegalArgumentException("the notification template is blank");
        }
        List<Function<PayrollShippedEvent, String>> parts = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(template);
        int literalFrom = 0;
        while (placeholder.find()) {
            Function<PayrollShippedEvent, String> value = PLACEHOLDERS.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder " + placeholder.group()
                        + " in the notification template; known: {id}, {shipTo}, {total}");
            }
            String literal = template.substring(literalFrom, placeholder.start());
            parts.add(event -> literal);
            parts.add(value);
            literalFrom = placeholder.end();
        }
        String rest = template.substring(literalFrom);
        parts.add(event -> rest);
        return new NotificationTemplate(template, List.copyOf(parts));
    }

    String recipientOf(PayrollShippedEvent event) {
        return event.shipTo();
    }

    String messageOf(PayrollShippedEvent event) {
        StringBuilder message = new StringBuilder(source.length() + 64);
        for (Function<PayrollShippedEvent, String> part : parts) {
            message.append(part.apply(event));
        }
        return message.toString();
    }

    /** 320.00 reads "320", 320.50 reads "320.5": an amount as a person writes it. */
    static String amount(BigDecimal total) {
        return total.stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return source;
    }
}
