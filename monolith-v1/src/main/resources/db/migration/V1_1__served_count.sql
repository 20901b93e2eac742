-- How many requests each instance of the payment service has served, written by each instance about once a second
-- (the served-by library), so that any instance answers GET /inventory for its whole version. Kept in the database
-- the service already has rather than in a counting service of its own. An instance is one row, whatever its version:
-- monolith-v1, monolith-v2 and the final version share this database.
CREATE TABLE served_count (
    service    varchar(63) NOT NULL,
    instance   varchar(63) NOT NULL,
    served     bigint      NOT NULL CHECK (served >= 0),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (service, instance)
);
