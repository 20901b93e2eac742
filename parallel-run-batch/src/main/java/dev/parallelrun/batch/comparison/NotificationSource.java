package dev.parallelrun.batch.comparison;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One side's {@code notification} table, read-only. A pass reads the records created in a time window, in payroll
 * id order, streamed with a database cursor inside a read-only transaction: memory stays flat whatever the table's
 * size.
 */
final class NotificationSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotificationSource.class);

    private static final String HORIZON = """
            SELECT clock_timestamp() - :graceMillis * interval '1 millisecond' AS grace_horizon,
                   writer.started AS oldest_writer_start,
                   (SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND query = '<insufficient privilege>') AS hidden_sessions
            FROM (SELECT min(xact_start) AS started FROM pg_stat_activity
                  WHERE datname = current_database() AND backend_xid IS NOT NULL
                    AND pid <> pg_backend_pid()) writer""";

    private final String name;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;
    private final int fetchSize;
    private final String filter;
    private final String deliveryFilter;
    private volatile boolean warnedOfHiddenSessions;
    private volatile Instant warnedOfWriter;

    private NotificationSource(String name, DataSource dataSource, int fetchSize, String deliveryFilter) {
        this.name = name;
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readOnly.setReadOnly(true);
        this.fetchSize = fetchSize;
        this.deliveryFilter = deliveryFilter;
        this.filter = deliveryFilter == null ? "" : " AND delivery = :delivery";
    }

    /** The monolith's table: every record is what the monolith really sent. */
    static NotificationSource monolith(DataSource dataSource, int fetchSize) {
        return new NotificationSource("monolith", dataSource, fetchSize, null);
    }

    /** The microservice's table, only its records of the given delivery mode. */
    static NotificationSource candidate(DataSource dataSource, int fetchSize,
            ComparisonProperties.CandidateDelivery delivery) {
        return new NotificationSource("candidate", dataSource, fetchSize, delivery.name());
    }

    String name() {
        return name;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * How far this side may be read now: its database's now minus the grace period, but never past the start of a
     * transaction still open that has written there, since it may yet commit a row created before that instant.
     * Asked before any record is read, in a transaction of its own (PostgreSQL freezes its view of the sessions for
     * the rest of a transaction). A transaction that holds the horizon back for longer than the lateness window is
     * logged once.
     */
    Instant horizon(Duration grace, Duration lateness) {
        record Horizon(Instant graceHorizon, Timestamp oldestWriterStart, long hiddenSessions) {
        }
        Horizon horizon = jdbc.sql(HORIZON).param("graceMillis", grace.toMillis())
                .query((rs, row) -> new Horizon(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2), rs.getLong(3)))
                .single();
        if (horizon.hiddenSessions() > 0 && !warnedOfHiddenSessions) {
            warnedOfHiddenSessions = true;
            log.warn("The {} database has sessions whose transactions this role cannot see, so a row they commit late "
                    + "could be missed: grant the role pg_read_all_stats", name);
        }
        if (horizon.oldestWriterStart() == null) {
            return horizon.graceHorizon();
        }
        Instant writerStart = horizon.oldestWriterStart().toInstant();
        if (writerStart.isBefore(horizon.graceHorizon().minus(lateness)) && !writerStart.equals(warnedOfWriter)) {
            warnedOfWriter = writerStart;
            log.warn("A transaction open on the {} database since {} holds its comparison back", name, writerStart);
        }
        return writerStart.isBefore(horizon.graceHorizon()) ? writerStart : horizon.graceHorizon();
    }

    /** Records created from {@code from} on: not read yet. */
    long countFrom(Instant from) {
        return withFilter(jdbc.sql("SELECT count(*) FROM notification WHERE created_at >= :from" + filter))
                .param("from", Timestamp.from(from)).query(Long.class).single();
    }

    /**
     * Hands the records created in [from, until), ascending by payroll id, to {@code reader}, streamed inside a
     * read-only transaction of this database that ends when the reader returns.
     */
    <T> T read(Instant from, Instant until, Function<Iterator<NotificationRecord>, T> reader) {
        return readOnly.execute(status -> {
            // The creation time only places a record's lateness window: milliseconds will do, as a float8 product
            // (extract() computes in numeric, and a timestamp's text takes as long to parse: a third of the pass).
            try (Stream<NotificationRecord> records = withFilter(jdbc.sql("""
                    SELECT payroll_id, recipient, message, (date_part('epoch', created_at) * 1000)::bigint
                    FROM notification
                    WHERE created_at >= :from AND created_at < :until%s
                    ORDER BY payroll_id""".formatted(filter)))
                    .withFetchSize(fetchSize)
                    .param("from", Timestamp.from(from))
                    .param("until", Timestamp.from(until))
                    .query((rs, row) -> new NotificationRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4))))
                    .stream()) {
                return reader.apply(records.iterator());
            }
        });
    }

    private JdbcClient.StatementSpec withFilter(JdbcClient.StatementSpec statement) {
        return deliveryFilter == null ? statement : statement.param("delivery", deliveryFilter);
    }

    @Override
    public void close() {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.close();
        }
    }
}
