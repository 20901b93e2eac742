-- The comparison batch reads notifications by creation time and never reads past the start of a transaction still
-- open that has written here. That holds only if the time comes from the database, when the row is written: a
-- time taken from the service's clock before the insert could be earlier than the transaction, or than the batch's
-- cursor, by a GC pause or a wait for a connection, and the row would never be compared.
ALTER TABLE notification ALTER COLUMN created_at SET DEFAULT clock_timestamp();
