package dev.parallelrun.monolith.payroll;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Spring Data's fragment of {@link PayrollRepository}: plain SQL on the connection of the transaction under way (the
 * JPA transaction manager shares it), each parameter typed so that no null sends the driver to the database to ask
 * for one.
 */
class PayrollInsertionImpl implements PayrollInsertion {

    private final JdbcClient jdbc;

    PayrollInsertionImpl(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public Optional<Long> insertUnlessKeyTaken(Payroll payroll) {
        return jdbc.sql("""
                INSERT INTO payroll (ship_to, total, idempotency_key, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING id""")
                .param(1, payroll.getShipTo(), Types.VARCHAR)
                .param(2, payroll.getTotal(), Types.NUMERIC)
                .param(3, payroll.getIdempotencyKey(), Types.VARCHAR)
                .param(4, OffsetDateTime.ofInstant(payroll.getCreatedAt(), ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE)
                .query(Long.class)
                .optional();
    }
}
