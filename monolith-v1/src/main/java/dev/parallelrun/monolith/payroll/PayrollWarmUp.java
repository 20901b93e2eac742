package dev.parallelrun.monolith.payroll;

import dev.parallelrun.warmup.WarmUpTask;
import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Before the instance is ready, it creates payrolls the way a request does (the insert that steps aside for a taken
 * idempotency key, and whatever runs in its transaction) inside a transaction that is rolled back: nothing is stored
 * and nobody is notified, since the notification runs only once a payroll has committed. No request could warm this
 * path without creating a payroll, and it is the one every user takes. The identity values those inserts drew are
 * given back at the end, so that a new lab's first payroll is still payroll 1.
 */
@Component
class PayrollWarmUp implements WarmUpTask {

    private static final CreatePayrollRequest PAYROLL = new CreatePayrollRequest("warm-up", new BigDecimal("320"));

    private final PayrollService payrolls;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    /** Keys of this instance's own: two instances warming up at once never wait on each other's. */
    private final String keys = "warm-up-" + UUID.randomUUID() + "-";

    PayrollWarmUp(PayrollService payrolls, TransactionTemplate transaction, JdbcClient jdbc) {
        this.payrolls = payrolls;
        this.transaction = transaction;
        this.jdbc = jdbc;
    }

    @Override
    public void run(int iteration) {
        transaction.executeWithoutResult(status -> {
            status.setRollbackOnly();
            payrolls.create(PAYROLL, keys + iteration);
        });
    }

    /**
     * Puts the id sequence back right after the highest payroll committed. The table lock (for a few milliseconds)
     * waits for every insert under way, anyone's, and holds new ones back until the sequence is set: no committed id
     * can be handed out again, only ones whose transactions rolled back.
     */
    @Override
    public void finish() {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("LOCK TABLE payroll IN EXCLUSIVE MODE").update();
            jdbc.sql("SELECT setval(pg_get_serial_sequence('payroll', 'id'), coalesce(max(id), 0) + 1, false) "
                    + "FROM payroll").query(Long.class).single();
        });
    }
}
