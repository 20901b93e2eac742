package dev.parallelrun.monolith.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The sending side of contracts/payroll-shipped-event.json: what the monolith puts on the wire. */
class PayrollShippedEventContractTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void serialisesExactlyAsTheContract() throws Exception {
        String contract = Files.readString(Path.of("../contracts/payroll-shipped-event.json"));

        String sent = json.writeValueAsString(new PayrollShippedEvent(7, "Juablaz", new BigDecimal("320.00")));

        assertThat(json.readTree(sent)).isEqualTo(json.readTree(contract));
    }

    @Test
    void outboxRowBecomesTheEventWithTwoDecimals() {
        var pending = new CandidateOutbox.PendingDelivery(7, 0, "Juablaz", new BigDecimal("320"));

        assertThat(json.writeValueAsString(pending.event())).contains("\"total\":320.00");
    }
}
