package dev.parallelrun.monolith.notification;

import dev.parallelrun.monolith.payroll.PayrollCreated;
import java.util.function.Supplier;

/**
 * The monolith's notification run as the control of a real-time experiment ({@code notification.mode=experiment}):
 * {@code send} is the legacy notification, run here, on the caller's thread, its result returned unchanged; whatever
 * the experiment does with it happens elsewhere.
 */
public interface SendingExperiment {

    NotificationMessage run(PayrollCreated payroll, Supplier<NotificationMessage> send);
}
