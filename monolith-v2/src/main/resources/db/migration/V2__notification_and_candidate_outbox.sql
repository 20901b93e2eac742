-- Stage 2 upgrades the stage 1 database in place: payrolls stay, two tables are added.

-- What the monolith really sent, one row per payroll, written in the payroll's transaction. The comparison batch
-- reconciles it with the microservice's own table.
CREATE TABLE notification (
    payroll_id BIGINT PRIMARY KEY REFERENCES payroll (id),
    recipient  VARCHAR(100) NOT NULL,
    message    VARCHAR(500) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL
);

-- The transactional outbox of business events for the notification microservice: a row per payroll, written in the
-- payroll's transaction, delivered after commit and retried until the microservice has it.
CREATE TABLE candidate_delivery (
    payroll_id      BIGINT PRIMARY KEY REFERENCES payroll (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    delivered_at    TIMESTAMPTZ,
    rejected_at     TIMESTAMPTZ,
    last_error      VARCHAR(500)
);

CREATE INDEX candidate_delivery_due ON candidate_delivery (next_attempt_at)
    WHERE delivered_at IS NULL AND rejected_at IS NULL;
