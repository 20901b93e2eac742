-- The outbox row carries the event itself, so delivering it never reads back through a join on payroll.
ALTER TABLE candidate_delivery ADD COLUMN ship_to VARCHAR(100), ADD COLUMN total NUMERIC(12, 2);
UPDATE candidate_delivery d SET ship_to = p.ship_to, total = p.total FROM payroll p WHERE p.id = d.payroll_id;
ALTER TABLE candidate_delivery ALTER COLUMN ship_to SET NOT NULL, ALTER COLUMN total SET NOT NULL;
