-- Example 2, the real-time experiment (notification.mode=experiment): its answer, published in the monolith's
-- database as the course asks. A running total per experiment, added to about once a second; and every call that did
-- not match (a mismatch, with both values; a candidate failure; a timeout), kept until someone acknowledges it.
CREATE TABLE experiment_total (
    experiment       varchar(63) PRIMARY KEY,
    matched          bigint      NOT NULL DEFAULT 0,
    mismatched       bigint      NOT NULL DEFAULT 0,
    ignored          bigint      NOT NULL DEFAULT 0,
    candidate_failed bigint      NOT NULL DEFAULT 0,
    timed_out        bigint      NOT NULL DEFAULT 0,
    skipped          bigint      NOT NULL DEFAULT 0,
    updated_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE experiment_observation (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment             varchar(63)  NOT NULL,
    payroll_id             bigint,
    outcome                varchar(20)  NOT NULL CHECK (outcome IN ('MISMATCHED', 'CANDIDATE_FAILED', 'TIMED_OUT')),
    control_value          text,
    candidate_value        text,
    control_micros         bigint       NOT NULL,
    candidate_micros       bigint,
    observed_at            timestamptz  NOT NULL DEFAULT clock_timestamp(),
    acknowledged_by        varchar(100),
    acknowledgement_reason varchar(500),
    acknowledged_at        timestamptz
);

CREATE INDEX experiment_observation_open ON experiment_observation (experiment, outcome) WHERE acknowledged_at IS NULL;
