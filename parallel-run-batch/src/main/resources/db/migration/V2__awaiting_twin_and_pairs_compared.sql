-- A record read without its twin while the twin may still arrive: pending, not a difference. It waits here until its
-- twin shows up (they are compared then) or until both sides have been read past created_at + the lateness window
-- (then it becomes a MISSING_IN_* difference). Before this table a lone record was reported missing at once, and a
-- pass that fell between a record and its twin, a few milliseconds apart, reported a difference that was not there.
CREATE TABLE reconciliation_awaiting_twin (
    payroll_id BIGINT PRIMARY KEY,
    side       VARCHAR(16)  NOT NULL CHECK (side IN ('MONOLITH', 'CANDIDATE')),
    recipient  VARCHAR(100) NOT NULL,
    message    VARCHAR(500) NOT NULL,
    -- When its own database wrote it, by that database's clock.
    created_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX reconciliation_awaiting_twin_created_at ON reconciliation_awaiting_twin (created_at);

-- The verdict needs to know that something was compared at all: pairs, equal or not.
INSERT INTO reconciliation_total (name, records)
SELECT 'PAIRS_COMPARED',
       (SELECT records FROM reconciliation_total WHERE name = 'MATCHED')
           + (SELECT count(*) FROM reconciliation_difference WHERE kind = 'FIELD_MISMATCH');

ALTER TABLE reconciliation_pass ADD COLUMN awaiting_twin BIGINT NOT NULL DEFAULT 0;

-- Cursors are now exclusive upper bounds ("everything created before here has been read"); the values stored so far
-- were inclusive, so step them one microsecond on to keep their meaning.
UPDATE reconciliation_cursor SET consumed_until = consumed_until + interval '1 microsecond'
WHERE consumed_until <> '-infinity';
