package dev.parallelrun.monolith.payroll;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Commits whose outcome nobody knows. When the database goes away while a payroll commits, the commit may have been
 * made although the request saw it fail: the request answers 503 ("retry with the same Idempotency-Key", which then
 * finds the payroll), and nothing that waits for the commit runs, so the user would never be notified. Each such
 * payroll is kept here, in memory, and looked up once the database answers again: found, it was committed and
 * {@link PayrollCommitConfirmed} is published; not found, it was rolled back and is forgotten.
 */
@Component
class InDoubtCommits {

    private static final Logger log = LoggerFactory.getLogger(InDoubtCommits.class);

    private final Map<Long, PayrollCreated> inDoubt = new ConcurrentHashMap<>();
    private final PayrollRepository payrolls;
    private final ApplicationEventPublisher events;

    InDoubtCommits(PayrollRepository payrolls, ApplicationEventPublisher events) {
        this.payrolls = payrolls;
        this.events = events;
    }

    void add(PayrollCreated payroll) {
        log.warn("Payroll {}: the database went away as it committed; whether it was committed is looked up once "
                + "the database answers again", payroll.payrollId());
        inDoubt.put(payroll.payrollId(), payroll);
    }

    @Scheduled(fixedDelayString = "${payroll.in-doubt-check-interval:2s}")
    void resolve() {
        for (PayrollCreated payroll : inDoubt.values()) {
            boolean committed;
            try {
                committed = payrolls.existsById(payroll.payrollId());
            }
            catch (DataAccessException stillUnavailable) {
                return;   // the database is not back yet: all of them wait for the next round
            }
            inDoubt.remove(payroll.payrollId());
            if (committed) {
                log.warn("Payroll {} was committed although its request answered 503: notifying now",
                        payroll.payrollId());
                events.publishEvent(new PayrollCommitConfirmed(payroll));
            }
            else {
                log.info("Payroll {} was not committed: nothing to notify", payroll.payrollId());
            }
        }
    }
}
