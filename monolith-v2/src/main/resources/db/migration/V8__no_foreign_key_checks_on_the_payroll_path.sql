-- The notification and outbox rows of a payroll are written only by this service, in the payroll's own transaction
-- (its id comes from the insert just before), so no row can point to a payroll that does not exist. Their foreign
-- keys checked that again on every payroll with a locking read of the payroll row: about a tenth of the parallel
-- run's cost per request (measured with pg_stat_statements under load, README "What the parallel run costs").
ALTER TABLE notification DROP CONSTRAINT notification_payroll_id_fkey;
ALTER TABLE candidate_delivery DROP CONSTRAINT candidate_delivery_payroll_id_fkey;
