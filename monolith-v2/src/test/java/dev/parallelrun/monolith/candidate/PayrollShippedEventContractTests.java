package dev.parallelrun.monolith.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.monolith.candidate.EventBatchOutcome.EventOutcome;
import dev.parallelrun.monolith.candidate.EventBatchOutcome.Kind;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The monolith's side of the event contracts (docs/contracts/): what it puts on the wire, and what it reads back. */
class PayrollShippedEventContractTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void serialisesAnEventExactlyAsTheContract() throws Exception {
        String contract = Files.readString(Path.of("../docs/contracts/payroll-shipped-event.json"));

        String sent = json.writeValueAsString(new PayrollShippedEvent(7, "Juablaz", new BigDecimal("320.00")));

        assertThat(json.readTree(sent)).isEqualTo(json.readTree(contract));
    }

    @Test
    void serialisesABatchExactlyAsTheContract() throws Exception {
        String contract = Files.readString(Path.of("../docs/contracts/payroll-shipped-event-batch.json"));

        String sent = json.writeValueAsString(new EventBatch(List.of(
                new PayrollShippedEvent(7, "Juablaz", new BigDecimal("320.00")),
                new PayrollShippedEvent(8, "{total}", new BigDecimal("12.50")),
                new PayrollShippedEvent(9, "Ana", new BigDecimal("1.00")),
                new PayrollShippedEvent(10, " ", new BigDecimal("1.00")))));

        assertThat(json.readTree(sent)).isEqualTo(json.readTree(contract));
    }

    @Test
    void readsTheOutcomesOfTheContract() throws Exception {
        String contract = Files.readString(Path.of("../docs/contracts/payroll-shipped-event-batch-outcome.json"));

        EventBatchOutcome answer = JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                .readValue(contract, EventBatchOutcome.class);

        assertThat(answer.outcomes()).extracting(EventOutcome::payrollId, EventOutcome::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(7L, Kind.RECORDED),
                org.assertj.core.groups.Tuple.tuple(8L, Kind.DUPLICATE),
                org.assertj.core.groups.Tuple.tuple(9L, Kind.CONFLICT),
                org.assertj.core.groups.Tuple.tuple(10L, Kind.INVALID));
        assertThat(answer.outcomes().get(3).detail()).isEqualTo("Invalid event: shipTo must not be blank");
    }

    /** A tolerant reader: a field the microservice adds later does not break the monolith. */
    @Test
    void ignoresFieldsItDoesNotKnow() {
        EventBatchOutcome answer = JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                .readValue("{\"outcomes\":[{\"payrollId\":7,\"outcome\":\"RECORDED\",\"detail\":null,\"at\":1}],"
                        + "\"took\":3}", EventBatchOutcome.class);

        assertThat(answer.outcomes()).singleElement().extracting(EventOutcome::outcome).isEqualTo(Kind.RECORDED);
    }

    @Test
    void outboxRowBecomesTheEventWithTwoDecimals() {
        var pending = new PendingDelivery(7, 0, "Juablaz", new BigDecimal("320"));

        assertThat(json.writeValueAsString(pending.event())).contains("\"total\":320.00");
    }
}
