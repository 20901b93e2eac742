package dev.parallelrun.monolith.payroll;

import java.util.Optional;

/** The one write of a payroll that JPA cannot say: an insert that steps aside for the idempotency key's owner. */
interface PayrollInsertion {

    /**
     * Inserts the payroll unless a payroll with its idempotency key exists, in one statement (PostgreSQL's
     * {@code ON CONFLICT DO NOTHING}): a key inserted by a transaction still running is waited for, and counts as
     * taken once that transaction commits. Returns the new payroll's id, or empty when the key is taken.
     */
    Optional<Long> insertUnlessKeyTaken(Payroll payroll);
}
