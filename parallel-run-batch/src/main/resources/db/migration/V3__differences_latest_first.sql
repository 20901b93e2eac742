-- The differences listed latest first (GET /notification/comparation/differences): open ones by when they were found
-- or last changed, acknowledged ones by when they were acknowledged.
CREATE INDEX reconciliation_difference_open_latest ON reconciliation_difference (last_changed_at DESC, payroll_id DESC)
    WHERE acknowledged_at IS NULL;
CREATE INDEX reconciliation_difference_acknowledged_latest
    ON reconciliation_difference (acknowledged_at DESC, payroll_id DESC) WHERE acknowledged_at IS NOT NULL;
