package dev.parallelrun.notification.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Receives a payroll's event, builds its notification, records it once per payroll id, and, when live, sends it.
 * A repeated event (the monolith retries until it hears 2xx) is recognised by the primary key and changes nothing.
 */
@Service
class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

    /** What receiving an event did: recorded it now, or found it already recorded. */
    record Outcome(NotificationResponse notification, boolean created) {
    }

    private final NotificationRepository notifications;
    private final NotificationTemplate template;
    private final DeliveryMode delivery;
    private final Counter recorded;
    private final Counter sent;
    private final Counter duplicates;

    NotificationService(NotificationRepository notifications, NotificationProperties properties,
            MeterRegistry meters) {
        this.notifications = notifications;
        this.template = properties.template();
        this.delivery = properties.delivery();
        this.recorded = Counter.builder("notifications.recorded").description("Notifications recorded")
                .tag("delivery", delivery.name().toLowerCase()).register(meters);
        this.sent = Counter.builder("notifications.sent").description("Notifications really sent to users")
                .tag("implementation", "microservice").register(meters);
        this.duplicates = Counter.builder("notifications.duplicate.events")
                .description("Repeated events for a payroll already recorded").register(meters);
    }

    List<NotificationResponse> latest(int limit) {
        return notifications.findAll(PageRequest.of(0, limit, Sort.by(Sort.Direction.DESC, "payrollId"))).stream()
                .map(NotificationResponse::of)
                .toList();
    }

    Optional<NotificationResponse> find(long payrollId) {
        return notifications.findById(payrollId).map(NotificationResponse::of);
    }

    Outcome receive(PayrollShippedEvent event) {
        String recipient = template.recipientOf(event);
        String message = template.messageOf(event);
        Optional<Instant> createdAt = notifications.insertIfAbsent(event.payrollId(), event.shipTo(), event.total(),
                recipient, message, delivery);
        if (createdAt.isEmpty()) {
            // Only a repeat needs the stored row: to tell a duplicate from a conflicting event.
            Notification stored = notifications.findById(event.payrollId()).orElseThrow();
            if (!stored.isSameEventAs(event)) {
                throw conflict(event.payrollId());
            }
            duplicates.increment();
            return new Outcome(NotificationResponse.of(stored), false);
        }
        recorded.increment();
        if (delivery == DeliveryMode.LIVE) {
            log.info("Notification sent to {}: {}", recipient, message);
            sent.increment();
        }
        else {
            log.info("Notification recorded (spy, not sent) for {}: {}", recipient, message);
        }
        return new Outcome(new NotificationResponse(event.payrollId(), recipient, message, delivery, createdAt.get()),
                true);
    }

    private static ErrorResponseException conflict(long payrollId) {
        ErrorResponseException conflict = new ErrorResponseException(HttpStatus.CONFLICT);
        conflict.getBody().setTitle("Conflicting event");
        conflict.getBody().setDetail("Payroll " + payrollId
                + " was already notified with a different shipTo or total");
        return conflict;
    }
}
