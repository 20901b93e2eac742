package dev.parallelrun.notification.notification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
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

    /** 201 when recorded now, 200 when this payroll's notification was already recorded (a repeated event). */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<NotificationResponse> receive(@RequestBody @Valid PayrollShippedEvent event) {
        NotificationService.Outcome outcome = notifications.receive(event);
        NotificationResponse notification = outcome.notification();
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/notifications/" + notification.payrollId()))
                .body(notification);
    }

    /** The most recent notifications, newest first: what the spy would have sent. */
    @GetMapping
    List<NotificationResponse> latest(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return notifications.latest(limit);
    }

    @GetMapping("/{payrollId}")
    NotificationResponse find(@PathVariable long payrollId) {
        return notifications.find(payrollId).orElseThrow(() -> {
            ErrorResponseException notFound = new ErrorResponseException(HttpStatus.NOT_FOUND);
            notFound.getBody().setTitle("Notification not found");
            notFound.getBody().setDetail("No notification for payroll " + payrollId);
            return notFound;
        });
    }
}
