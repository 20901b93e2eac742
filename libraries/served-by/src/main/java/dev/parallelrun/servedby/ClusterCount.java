package dev.parallelrun.servedby;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.annotation.Transactional;

/**
 * The requests served by every instance of this service, kept in the service's own database (no counting service of
 * its own): each instance writes its count about once a second, and any instance sums them. An instance that stopped
 * keeps its row, so the count covers every instance the version ever ran; an instance is running while it keeps
 * writing. Its own row is read live, never from the table.
 */
class ClusterCount {

    /** How many instances of the version run now, and how many requests all its instances ever served. */
    record Totals(long instances, long served) {
    }

    private static final Logger log = LoggerFactory.getLogger(ClusterCount.class);

    private final JdbcClient jdbc;
    private final InstanceIdentity identity;
    private final ServedCount own;
    private final Duration runningWithin;

    ClusterCount(JdbcClient jdbc, InstanceIdentity identity, ServedCount own, Duration publishInterval) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.own = own;
        this.runningWithin = publishInterval.multipliedBy(3).plusSeconds(1);
    }

    @Scheduled(fixedDelayString = "${served-by.publish-interval:1s}")
    void publish() {
        try {
            write(own.get());
        }
        catch (DataAccessException unavailable) {
            // The database is the service's own: when it is down, the service says so on every request already.
            log.debug("Served count not published: {}", unavailable.getMessage());
        }
    }

    private void write(long served) {
        jdbc.sql("""
                INSERT INTO served_count (service, instance, served) VALUES (:service, :instance, :served)
                ON CONFLICT (service, instance) DO UPDATE SET served = EXCLUDED.served, updated_at = clock_timestamp()
                """)
                .param("service", identity.service()).param("instance", identity.instance()).param("served", served)
                .update();
    }

    @Transactional(readOnly = true)
    Totals totals() {
        Totals others = jdbc.sql("""
                SELECT count(*) FILTER (WHERE updated_at > clock_timestamp() - make_interval(secs => :within)) AS instances,
                       coalesce(sum(served), 0) AS served
                FROM served_count WHERE service = :service AND instance <> :instance
                """)
                .param("service", identity.service()).param("instance", identity.instance())
                .param("within", runningWithin.toMillis() / 1000.0)
                .query((rs, row) -> new Totals(rs.getLong("instances"), rs.getLong("served"))).single();
        return new Totals(others.instances() + 1, others.served() + own.get());
    }
}
