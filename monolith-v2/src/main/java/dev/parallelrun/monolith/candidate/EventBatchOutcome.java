package dev.parallelrun.monolith.candidate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The microservice's answer to an {@link EventBatch}: one outcome per event. Read tolerantly (unknown fields are
 * ignored), so the microservice may say more without breaking the monolith;
 * {@code docs/contracts/payroll-shipped-event-batch-outcome.json} pins it on both sides.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record EventBatchOutcome(List<EventOutcome> outcomes) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EventOutcome(long payrollId, Kind outcome, String detail) {
    }

    enum Kind {
        /** Recorded now. */
        RECORDED,
        /** Recorded before, with the same facts: delivered all the same. */
        DUPLICATE,
        /** Recorded before with other facts: this event is refused for good. */
        CONFLICT,
        /** Refused as invalid: for good. */
        INVALID;

        boolean delivered() {
            return this == RECORDED || this == DUPLICATE;
        }
    }
}
