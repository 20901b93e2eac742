-- The batch's own state. Nothing is written to the two databases it compares: a pass reads them, and commits
-- everything it concluded here in one transaction, so a pass killed at any point leaves no half-marked record.

-- Everything created up to consumed_until on a side has been compared; the next pass reads what came after.
CREATE TABLE reconciliation_cursor (
    side           VARCHAR(16) PRIMARY KEY CHECK (side IN ('MONOLITH', 'CANDIDATE')),
    consumed_until TIMESTAMPTZ NOT NULL
);
INSERT INTO reconciliation_cursor (side, consumed_until) VALUES ('MONOLITH', '-infinity'), ('CANDIDATE', '-infinity');

-- One row per payroll whose two notifications differ, kept until it resolves (a missing twin arrives and agrees)
-- or for good once acknowledged. Matched pairs are only counted.
CREATE TABLE reconciliation_difference (
    payroll_id             BIGINT PRIMARY KEY,
    kind                   VARCHAR(24)  NOT NULL
        CHECK (kind IN ('MISSING_IN_CANDIDATE', 'MISSING_IN_MONOLITH', 'FIELD_MISMATCH')),
    monolith_recipient     VARCHAR(100),
    monolith_message       VARCHAR(500),
    candidate_recipient    VARCHAR(100),
    candidate_message      VARCHAR(500),
    first_seen_at          TIMESTAMPTZ  NOT NULL,
    last_changed_at        TIMESTAMPTZ  NOT NULL,
    acknowledged_at        TIMESTAMPTZ,
    acknowledged_by        VARCHAR(100),
    acknowledgement_reason VARCHAR(500)
);
CREATE INDEX reconciliation_difference_unacknowledged ON reconciliation_difference (payroll_id)
    WHERE acknowledged_at IS NULL;

-- Cumulative counts over every pass.
CREATE TABLE reconciliation_total (
    name    VARCHAR(32) PRIMARY KEY,
    records BIGINT      NOT NULL
);
INSERT INTO reconciliation_total (name, records)
VALUES ('MATCHED', 0), ('MONOLITH_COMPARED', 0), ('CANDIDATE_COMPARED', 0);

CREATE TABLE reconciliation_pass (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trigger              VARCHAR(16) NOT NULL,
    started_at           TIMESTAMPTZ NOT NULL,
    duration_ms          BIGINT      NOT NULL,
    monolith_records     BIGINT      NOT NULL,
    candidate_records    BIGINT      NOT NULL,
    matched              BIGINT      NOT NULL,
    missing_in_candidate BIGINT      NOT NULL,
    missing_in_monolith  BIGINT      NOT NULL,
    field_mismatch       BIGINT      NOT NULL,
    resolved             BIGINT      NOT NULL,
    monolith_pending     BIGINT      NOT NULL,
    candidate_pending    BIGINT      NOT NULL
);
