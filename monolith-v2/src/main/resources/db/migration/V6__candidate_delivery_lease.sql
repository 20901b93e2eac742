-- A claim is a lease of its own, apart from the back-off. Both used to share next_attempt_at, so making waiting
-- events due after an outage also ended the leases of events in flight (they were claimed and sent twice).
ALTER TABLE candidate_delivery ADD COLUMN leased_until TIMESTAMPTZ;

-- Outbox rows that were claimed when this version was installed: their claim lives on in next_attempt_at.
UPDATE candidate_delivery SET leased_until = next_attempt_at
WHERE delivered_at IS NULL AND rejected_at IS NULL AND next_attempt_at > now();

-- The operator's view of events the microservice refused as invalid (see the outbox actuator endpoint).
CREATE INDEX candidate_delivery_rejected ON candidate_delivery (mode, payroll_id) WHERE rejected_at IS NOT NULL;
