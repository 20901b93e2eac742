package dev.parallelrun.batch.comparison;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * One side's {@code notification} table, read-only. A pass reads the records created in a time window, in
 * payroll id order, streamed with a database cursor: memory stays flat whatever the table's size.
 */
final class NotificationSource implements AutoCloseable {

    private final DataSource dataSource;
    private final String filter;
    private final int fetchSize;

    /** @param filter an extra SQL condition on the table, or an empty string */
    NotificationSource(DataSource dataSource, String filter, int fetchSize) {
        this.dataSource = dataSource;
        this.filter = filter.isEmpty() ? "" : " AND " + filter;
        this.fetchSize = fetchSize;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** This side's "now minus the grace period", by its own clock. */
    Instant horizon(Duration grace) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT now() - ? * interval '1 millisecond'")) {
            query.setLong(1, grace.toMillis());
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getTimestamp(1).toInstant();
            }
        }
    }

    long countCreatedAfter(Instant instant) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM notification WHERE created_at > ?" + filter)) {
            query.setTimestamp(1, Timestamp.from(instant));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** The records created in (from, until], ascending by payroll id. */
    Stream open(Instant from, Instant until) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            connection.setReadOnly(true);
            PreparedStatement query = connection.prepareStatement("""
                    SELECT payroll_id, recipient, message FROM notification
                    WHERE created_at > ? AND created_at <= ?%s
                    ORDER BY payroll_id""".formatted(filter));
            query.setFetchSize(fetchSize);
            query.setTimestamp(1, Timestamp.from(from));
            query.setTimestamp(2, Timestamp.from(until));
            return new Stream(connection, query.executeQuery());
        }
        catch (SQLException | RuntimeException failure) {
            connection.close();
            throw failure;
        }
    }

    @Override
    public void close() throws Exception {
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** A forward-only cursor over one side's records. */
    static final class Stream implements AutoCloseable {

        private final Connection connection;
        private final ResultSet rows;
        private NotificationRecord current;

        private Stream(Connection connection, ResultSet rows) {
            this.connection = connection;
            this.rows = rows;
        }

        /** Moves to the next record; false at the end. */
        boolean advance() throws SQLException {
            current = rows.next() ? new NotificationRecord(rows.getLong(1), rows.getString(2), rows.getString(3)) : null;
            return current != null;
        }

        NotificationRecord current() {
            return current;
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
            }
            finally {
                connection.close();
            }
        }
    }
}
