package dev.parallelrun.monolith.experiment;

import dev.parallelrun.experiment.Experiment;
import dev.parallelrun.monolith.experiment.NotificationPreviewClient.Event;
import dev.parallelrun.monolith.notification.NotificationMessage;
import dev.parallelrun.monolith.notification.SendingExperiment;
import dev.parallelrun.monolith.payroll.PayrollCreated;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code notify} experiment: the control is the monolith's own notification, built and sent as in stage 1; the
 * candidate is what the notification microservice would send for the same payroll, asked in a batch with the other
 * payrolls of the moment. One experiment for every call.
 */
class NotifyExperiment implements SendingExperiment {

    static final String NAME = "notify";

    private final Experiment<NotificationMessage> experiment;
    private final PreviewBatcher microservice;

    NotifyExperiment(Experiment<NotificationMessage> experiment, PreviewBatcher microservice) {
        this.experiment = experiment;
        this.microservice = microservice;
    }

    @Override
    public NotificationMessage run(PayrollCreated payroll, Supplier<NotificationMessage> send) {
        return experiment.runWithAsyncCandidate(send, () -> microservice
                .preview(new Event(payroll.payrollId(), payroll.shipTo(), payroll.total()))
                .thenApply(preview -> new NotificationMessage(preview.recipient(), preview.message())),
                Map.of("payrollId", payroll.payrollId()));
    }
}
