package dev.parallelrun.monolith.candidate;

import java.util.List;

/**
 * Events delivered in one call ({@code POST /notifications/batch}); the microservice judges each on its own. This
 * is the monolith's own copy of the contract; {@code docs/contracts/payroll-shipped-event-batch.json} pins it on both
 * sides.
 */
record EventBatch(List<PayrollShippedEvent> events) {
}
