package dev.parallelrun.warmup;

/**
 * Work an instance does to itself before it is ready, below HTTP: for a path no request can take without changing
 * something (creating a payroll), e.g. that path inside a transaction that is rolled back. Each round of the
 * warm-up runs each task {@code warm-up.iterations} times, before the requests.
 */
@FunctionalInterface
public interface WarmUpTask {

    /** One run; {@code iteration} tells the runs apart, across rounds too (e.g. an idempotency key of their own). */
    void run(int iteration) throws Exception;

    /** Once every run is over: to undo what the runs could not help leaving (e.g. identity values they drew). */
    default void finish() throws Exception {
    }
}
