package dev.parallelrun.batch.comparison;

import dev.parallelrun.batch.ComparedDatabases;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes the two tables the batch compares as the monolith and the microservice write them, in their own
 * databases; and resets those tables and the batch's state between tests.
 */
final class SourceTables {

    private final ComparedDatabases databases;
    private final JdbcTemplate batch;

    SourceTables(ComparedDatabases databases, JdbcTemplate batch) {
        this.databases = databases;
        this.batch = batch;
    }

    void recreate() {
        databases.monolith().sql("TRUNCATE payroll, notification, candidate_delivery").update();
        databases.candidate().sql("TRUNCATE notification").update();
        batch.execute("""
                TRUNCATE reconciliation_difference, reconciliation_pass, reconciliation_awaiting_twin;
                UPDATE reconciliation_cursor SET consumed_until = '-infinity';
                UPDATE reconciliation_total SET records = 0;
                """);
    }

    JdbcClient monolithDatabase() {
        return databases.monolith();
    }

    JdbcClient candidateDatabase() {
        return databases.candidate();
    }

    /** The monolith shipped payroll {@code id} and sent its notification {@code ageSeconds} ago. */
    void monolith(long id, String message, int ageSeconds) {
        databases.monolith().sql("""
                INSERT INTO payroll (id, ship_to, total, created_at) VALUES (:id, 'Juablaz', 320, now());
                INSERT INTO notification (payroll_id, recipient, message, created_at)
                VALUES (:id, 'Juablaz', :message, clock_timestamp() - :age * interval '1 second')""")
                .param("id", id).param("message", message).param("age", ageSeconds).update();
    }

    /** The spy recorded payroll {@code id}'s notification {@code ageSeconds} ago. */
    void candidate(long id, String message, int ageSeconds) {
        candidate(id, message, "SPY", ageSeconds);
    }

    void candidate(long id, String message, String delivery, int ageSeconds) {
        databases.candidate().sql("""
                INSERT INTO notification (payroll_id, ship_to, total, recipient, message, delivery, created_at)
                VALUES (:id, 'Juablaz', 320, 'Juablaz', :message, :delivery,
                        clock_timestamp() - :age * interval '1 second')""")
                .param("id", id).param("message", message).param("delivery", delivery).param("age", ageSeconds)
                .update();
    }

    /** Both sides agree on payroll {@code id}. */
    void pair(long id, int ageSeconds) {
        monolith(id, message(id), ageSeconds);
        candidate(id, message(id), ageSeconds);
    }

    static String message(long id) {
        return "Payroll " + id + " shipped to Juablaz of 320";
    }
}
