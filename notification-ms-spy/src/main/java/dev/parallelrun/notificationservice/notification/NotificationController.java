package dev.parallelrun.notificationservice.notification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
class NotificationController {

    private final NotificationService notifications;

    NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    /**
     * One event: 201 when recorded now, 200 when this payroll's notification was already recorded with the same
     * facts (a repeated event), 409 when with other facts.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<NotificationResponse> receive(@RequestBody @Valid PayrollShippedEvent event) {
        NotificationService.Received received = notifications.receive(event);
        if (received.outcome() == EventOutcome.Kind.CONFLICT) {
            throw new ConflictingEventException(received.detail());
        }
        return ResponseEntity.status(received.outcome() == EventOutcome.Kind.RECORDED ? HttpStatus.CREATED
                        : HttpStatus.OK)
                .location(URI.create("/notifications/" + event.payrollId()))
                .body(received.notification());
    }

    /**
     * Many events, each judged on its own (see {@link EventBatch}): 200 with one outcome per event, in order. How the
     * monolith delivers its outbox: one call and one insert for up to 500 events.
     */
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    EventBatchOutcome receiveAll(@RequestBody @Valid EventBatch batch) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < batch.events().size(); i++) {
            Long payrollId = batch.events().get(i).payrollId();
            if (payrollId == null || payrollId <= 0) {
                throw new InvalidBatchException("events[" + i + "] has no positive payrollId: every outcome is given "
                        + "by it");
            }
            if (!seen.add(payrollId)) {
                throw new InvalidBatchException("payroll " + payrollId + " appears more than once");
            }
        }
        return new EventBatchOutcome(notifications.receiveAll(batch.events()).stream()
                .map(NotificationService.Received::asOutcome).toList());
    }

    /**
     * The notification this service would send for the event, built with its own template: nothing is recorded and
     * nothing is sent, however often it is asked. How the monolith's experiment mode asks the microservice.
     */
    @PostMapping(path = "/preview", consumes = MediaType.APPLICATION_JSON_VALUE)
    NotificationPreview preview(@RequestBody @Valid PayrollShippedEvent event) {
        return notifications.preview(event);
    }

    /** Many previews in one call, one per event, in order; nothing recorded, nothing sent. */
    @PostMapping(path = "/preview/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    PreviewBatch.Previews previewAll(@RequestBody @Valid PreviewBatch batch) {
        return new PreviewBatch.Previews(batch.events().stream().map(notifications::preview).toList());
    }

    /** The most recent notifications, newest first: what the spy would have sent. */
    @GetMapping
    List<NotificationResponse> latest(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return notifications.latest(limit);
    }

    @GetMapping("/{payrollId}")
    NotificationResponse find(@PathVariable long payrollId) {
        return notifications.find(payrollId).orElseThrow(() -> new NotificationNotFoundException(payrollId));
    }
}
