package dev.parallelrun.monolith.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.monolith.experiment.NotificationPreviewClient.Event;
import dev.parallelrun.monolith.experiment.NotificationPreviewClient.Preview;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The monolith's side of the preview contract (docs/contracts/): the event it sends, the answer it reads. */
class NotificationPreviewContractTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void sendsTheEventOfTheContract() throws Exception {
        String contract = Files.readString(Path.of("../docs/contracts/payroll-shipped-event.json"));

        String sent = json.writeValueAsString(new Event(7, "Juablaz", new BigDecimal("320.00")));

        assertThat(json.readTree(sent)).isEqualTo(json.readTree(contract));
    }

    @Test
    void sendsAndReadsTheBatchOfTheContract() throws Exception {
        tools.jackson.databind.JsonNode contract = json.readTree(
                Files.readString(Path.of("../docs/contracts/notification-preview-batch.json")));

        String sent = json.writeValueAsString(new NotificationPreviewClient.PreviewBatch(java.util.List.of(
                new Event(7, "Juablaz", new BigDecimal("320.00")), new Event(8, "{total}", new BigDecimal("12.50")))));
        NotificationPreviewClient.Previews answer = JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                .treeToValue(contract.get("response"), NotificationPreviewClient.Previews.class);

        assertThat(json.readTree(sent)).isEqualTo(contract.get("request"));
        assertThat(answer.previews()).containsExactly(new Preview(7, "Juablaz", "Payroll 7 shipped to Juablaz of 320"),
                new Preview(8, "{total}", "Payroll 8 shipped to {total} of 12.5"));
    }

    @Test
    void readsThePreviewOfTheContract() throws Exception {
        String contract = Files.readString(Path.of("../docs/contracts/notification-preview.json"));

        Preview preview = JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                .readValue(contract, Preview.class);

        assertThat(preview).isEqualTo(new Preview(7, "Juablaz", "Payroll 7 shipped to Juablaz of 320"));
    }
}
