package dev.parallelrun.monolith.payroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parallelrun.monolith.TestcontainersConfiguration;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;

/** The mapping against the schema Flyway creates on real PostgreSQL ({@code ddl-auto=validate}). */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(TestcontainersConfiguration.class)
class PayrollRepositoryTests {

    @Autowired
    PayrollRepository payrolls;

    @Test
    void storesAndFindsByIdempotencyKey() {
        Payroll saved = payrolls.saveAndFlush(new Payroll("Juablaz", new BigDecimal("320.5"), "key-1",
                Instant.parse("2026-01-01T00:00:00Z")));

        Payroll found = payrolls.findByIdempotencyKey("key-1").orElseThrow();
        assertThat(found.getId()).isEqualTo(saved.getId());
        assertThat(found.getTotal()).isEqualByComparingTo("320.50");
        assertThat(payrolls.findByIdempotencyKey("other")).isEmpty();
    }

    @Test
    void idempotencyKeyIsUnique() {
        payrolls.saveAndFlush(new Payroll("Juablaz", BigDecimal.TEN, "dup", Instant.now()));

        assertThatThrownBy(() -> payrolls.saveAndFlush(new Payroll("Juablaz", BigDecimal.TEN, "dup", Instant.now())))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void payrollsWithoutKeyDoNotCollide() {
        payrolls.saveAndFlush(new Payroll("A", BigDecimal.ONE, null, Instant.now()));
        payrolls.saveAndFlush(new Payroll("B", BigDecimal.ONE, null, Instant.now()));

        assertThat(payrolls.count()).isEqualTo(2);
    }

    @Test
    void anInsertStepsAsideForATakenKeyAndStoresAsJpaReadsIt() {
        Instant at = Instant.parse("2026-01-01T10:15:30.123456Z");
        long id = payrolls.insertUnlessKeyTaken(new Payroll("José", new BigDecimal("320.5"), "key-2", at))
                .orElseThrow();

        assertThat(payrolls.insertUnlessKeyTaken(new Payroll("Other", BigDecimal.ONE, "key-2", at))).isEmpty();
        Payroll stored = payrolls.findByIdempotencyKey("key-2").orElseThrow();
        assertThat(stored.getId()).isEqualTo(id);
        assertThat(PayrollResponse.of(stored)).isEqualTo(PayrollResponse.of(id,
                new Payroll("José", new BigDecimal("320.5"), "key-2", at)));
        assertThat(payrolls.count()).isEqualTo(1);
    }

    @Test
    void insertsWithoutKeyNeverStepAside() {
        assertThat(payrolls.insertUnlessKeyTaken(new Payroll("A", BigDecimal.ONE, null, Instant.now()))).isPresent();
        assertThat(payrolls.insertUnlessKeyTaken(new Payroll("B", BigDecimal.ONE, null, Instant.now()))).isPresent();

        assertThat(payrolls.count()).isEqualTo(2);
    }

    @Test
    void databaseRefusesNonPositiveTotal() {
        assertThatThrownBy(() -> payrolls.saveAndFlush(new Payroll("A", BigDecimal.ZERO, null, Instant.now())))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
