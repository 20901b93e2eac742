package dev.parallelrun.monolith.payroll;

/**
 * A payroll whose commit failed as far as its request could tell (the connection to the database died as it
 * committed, and the request answered 503), found committed once the database answered again. Published outside any
 * transaction: what was to follow the commit (the user's notification) follows it now.
 */
public record PayrollCommitConfirmed(PayrollCreated payroll) {
}
