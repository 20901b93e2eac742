package dev.parallelrun.monolith.payroll;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface PayrollRepository extends JpaRepository<Payroll, Long>, PayrollInsertion {

    Optional<Payroll> findByIdempotencyKey(String idempotencyKey);
}
