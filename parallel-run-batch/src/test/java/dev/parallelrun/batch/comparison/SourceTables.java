package dev.parallelrun.batch.comparison;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The two tables the batch compares, as the monolith and the microservice create them (the columns the batch
 * reads), in their own schemas; and a reset of the batch's state between tests.
 */
final class SourceTables {

    private final JdbcTemplate jdbc;

    SourceTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void recreate() {
        jdbc.execute("""
                DROP SCHEMA IF EXISTS monolith CASCADE;
                DROP SCHEMA IF EXISTS candidate CASCADE;
                CREATE SCHEMA monolith;
                CREATE SCHEMA candidate;
                CREATE TABLE monolith.notification (
                    payroll_id BIGINT PRIMARY KEY, recipient VARCHAR(100) NOT NULL, message VARCHAR(500) NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL);
                CREATE INDEX ON monolith.notification (created_at);
                CREATE TABLE candidate.notification (
                    payroll_id BIGINT PRIMARY KEY, ship_to VARCHAR(100) NOT NULL, total NUMERIC(12, 2) NOT NULL,
                    recipient VARCHAR(100) NOT NULL, message VARCHAR(500) NOT NULL, delivery VARCHAR(8) NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL);
                CREATE INDEX ON candidate.notification (created_at);
                TRUNCATE reconciliation_difference, reconciliation_pass;
                UPDATE reconciliation_cursor SET consumed_until = '1970-01-01';
                UPDATE reconciliation_total SET records = 0;
                """);
    }

    /** The monolith sent payroll {@code id}'s notification {@code ageSeconds} ago. */
    void monolith(long id, String message, int ageSeconds) {
        jdbc.update("INSERT INTO monolith.notification VALUES (?, 'Juablaz', ?, now() - ? * interval '1 second')",
                id, message, ageSeconds);
    }

    /** The spy recorded payroll {@code id}'s notification {@code ageSeconds} ago. */
    void candidate(long id, String message, int ageSeconds) {
        candidate(id, message, "SPY", ageSeconds);
    }

    void candidate(long id, String message, String delivery, int ageSeconds) {
        jdbc.update("""
                INSERT INTO candidate.notification VALUES (?, 'Juablaz', 320, 'Juablaz', ?, ?, now() - ? * interval '1 second')""",
                id, message, delivery, ageSeconds);
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
