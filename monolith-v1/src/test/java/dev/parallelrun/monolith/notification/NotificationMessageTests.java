package dev.parallelrun.monolith.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotificationMessageTests {

    @ParameterizedTest
    @CsvSource({ "320, 320", "320.00, 320", "320.50, 320.5", "0.10, 0.1", "1000000000.00, 1000000000", "0.01, 0.01" })
    void formatsTotalAsPlainDecimalWithoutTrailingZeros(String total, String expected) {
        assertThat(NotificationMessage.formatTotal(new BigDecimal(total))).isEqualTo(expected);
    }

    /** The legacy side of docs/contracts/notification-wording.json: the microservice's template is held to the same. */
    @Test
    void buildsEveryNotificationOfTheWordingContract() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode contract = json.readTree(Files.readString(Path.of("../docs/contracts/notification-wording.json")));

        List<JsonNode> cases = contract.get("cases").valueStream().toList();
        assertThat(cases).hasSizeGreaterThan(10);
        for (JsonNode wording : cases) {
            JsonNode event = wording.get("event");
            NotificationMessage message = NotificationMessage.forPayroll(event.get("payrollId").asLong(),
                    event.get("shipTo").asString(), event.get("total").decimalValue());
            assertThat(message.recipient()).isEqualTo(wording.get("recipient").asString());
            assertThat(message.text()).as("event %s", event).isEqualTo(wording.get("message").asString());
        }
    }
}
