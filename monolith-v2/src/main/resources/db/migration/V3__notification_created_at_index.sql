-- The comparison batch reads the notifications made since its last pass: by creation time.
CREATE INDEX notification_created_at ON notification (created_at);
