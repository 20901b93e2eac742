package dev.parallelrun.notificationservice.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotificationTemplateTests {

    private static final JsonMapper json = JsonMapper.builder().build();

    /** The microservice's side of docs/contracts/notification-wording.json; the monolith's code is held to the same. */
    @Test
    void buildsEveryNotificationOfTheWordingContract() throws Exception {
        JsonNode contract = json.readTree(Files.readString(Path.of("../docs/contracts/notification-wording.json")));
        NotificationTemplate template = NotificationTemplate.of(contract.get("template").asString());

        List<JsonNode> cases = contract.get("cases").valueStream().toList();
        assertThat(cases).hasSizeGreaterThan(10);
        for (JsonNode wording : cases) {
            PayrollShippedEvent event = json.treeToValue(wording.get("event"), PayrollShippedEvent.class);
            assertThat(template.recipientOf(event)).isEqualTo(wording.get("recipient").asString());
            assertThat(template.messageOf(event)).as("event %s", event).isEqualTo(wording.get("message").asString());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {total}      | Payroll 7 shipped to {total} of 320
            {id}         | Payroll 7 shipped to {id} of 320
            {shipTo}     | Payroll 7 shipped to {shipTo} of 320
            a {total} b  | Payroll 7 shipped to a {total} b of 320
            {            | Payroll 7 shipped to { of 320
            }            | Payroll 7 shipped to } of 320
            $1           | Payroll 7 shipped to $1 of 320
            \\0 $& ${id} | Payroll 7 shipped to \\0 $& ${id} of 320
            """)
    void userTextIsNeverReadAsATemplate(String shipTo, String message) {
        PayrollShippedEvent event = new PayrollShippedEvent(7L, shipTo, new BigDecimal("320.00"));

        assertThat(NotificationTemplate.of("Payroll {id} shipped to {shipTo} of {total}").messageOf(event))
                .isEqualTo(message);
    }

    @Test
    void followsAConfiguredTemplateWithLiteralBraces() {
        NotificationTemplate custom = NotificationTemplate.of("Paid {total} to {shipTo} (payroll #{id}) { } {1}");

        assertThat(custom.messageOf(new PayrollShippedEvent(3L, "Ana", new BigDecimal("5.50"))))
                .isEqualTo("Paid 5.5 to Ana (payroll #3) { } {1}");
    }

    @ParameterizedTest
    @CsvSource({ "320.00, 320", "320.50, 320.5", "0.10, 0.1", "100, 100", "1000000000.00, 1000000000" })
    void writesAmountsWithoutTrailingZeros(String total, String expected) {
        assertThat(NotificationTemplate.amount(new BigDecimal(total))).isEqualTo(expected);
    }

    @Test
    void anUnknownPlaceholderFailsTheStartWithOneClearReason() {
        new ApplicationContextRunner()
                .withUserConfiguration(Properties.class)
                .withPropertyValues("notification.template=Payroll {id} for {shipto}")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessage("unknown placeholder {shipto} in the notification template; known: {id}, "
                                + "{shipTo}, {total}"));
    }

    @Test
    void aBlankTemplateIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> NotificationTemplate.of("  "))
                .withMessage("the notification template is blank");
    }

    @EnableConfigurationProperties(NotificationProperties.class)
    static class Properties {
    }
}
