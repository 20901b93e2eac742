-- One notification per payroll: the payroll id is the key that makes receiving an event idempotent and that the
-- comparison batch matches on. The event's facts are kept beside the built message, so a repeat can be told from
-- a conflicting event for the same payroll.
CREATE TABLE notification (
    payroll_id BIGINT PRIMARY KEY,
    ship_to    VARCHAR(100)   NOT NULL,
    total      NUMERIC(12, 2) NOT NULL,
    recipient  VARCHAR(100)   NOT NULL,
    message    VARCHAR(500)   NOT NULL,
    delivery   VARCHAR(8)     NOT NULL CHECK (delivery IN ('SPY', 'LIVE')),
    created_at TIMESTAMPTZ    NOT NULL
);
