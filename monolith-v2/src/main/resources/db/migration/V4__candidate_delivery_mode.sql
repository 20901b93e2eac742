-- The notification mode that wrote each event; only an instance in that mode delivers it. While traffic moves to
-- stage 3, the parallel-run instance (which forwards to the spy) and the final version (which forwards to the live
-- microservice) share this table: without the mode, the spy could take a stage 3 event, record it as a spy and
-- leave the live service to see a duplicate it never sends.
ALTER TABLE candidate_delivery ADD COLUMN mode VARCHAR(16) NOT NULL DEFAULT 'PARALLEL_RUN';

DROP INDEX candidate_delivery_due;
CREATE INDEX candidate_delivery_due ON candidate_delivery (mode, next_attempt_at)
    WHERE delivered_at IS NULL AND rejected_at IS NULL;
