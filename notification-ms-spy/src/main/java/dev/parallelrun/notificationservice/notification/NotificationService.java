package dev.parallelrun.notificationservice.notification;

import dev.parallelrun.notificationservice.notification.EventOutcome.Kind;
import dev.parallelrun.notificationservice.notification.NotificationInserts.NewNotification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

/**
 * Receives payrolls' events, builds their notifications, records each once per payroll id, and, when live, sends
 * it. A repeated event (the monolith retries until it hears of it) is recognised by the primary key and changes
 * nothing; one with other facts for a recorded payroll is a conflict. However many events come at once, they are
 * recorded with one statement.
 */
@Service
class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

    /** What became of one event, and its notification when there is one (recorded now or before). */
    record Received(PayrollShippedEvent event, Kind outcome, NotificationResponse notification, String detail) {

        EventOutcome asOutcome() {
            return new EventOutcome(event.payrollId(), outcome, detail);
        }
    }

    private final NotificationRepository notifications;
    private final NotificationTemplate template;
    private final DeliveryMode delivery;
    private final Validator validator;
    private final Counter recorded;
    private final Counter sent;
    private final Counter duplicates;
    private final Counter previewed;

    NotificationService(NotificationRepository notifications, NotificationProperties properties, Validator validator,
            MeterRegistry meters) {
        this.notifications = notifications;
        this.template = properties.template();
        this.delivery = properties.delivery();
        this.validator = validator;
        this.recorded = Counter.builder("notifications.recorded").description("Notifications recorded")
                .tag("delivery", delivery.name().toLowerCase()).register(meters);
        this.sent = Counter.builder("notifications.sent").description("Notifications really sent to users")
                .tag("implementation", "microservice").register(meters);
        this.duplicates = Counter.builder("notifications.duplicate.events")
                .description("Repeated events for a payroll already recorded").register(meters);
        this.previewed = Counter.builder("notifications.previewed")
                .description("Notifications built for a preview: neither recorded nor sent").register(meters);
    }

    NotificationPreview preview(PayrollShippedEvent event) {
        previewed.increment();
        return new NotificationPreview(event.payrollId(), template.recipientOf(event), template.messageOf(event));
    }

    List<NotificationResponse> latest(int limit) {
        return notifications.findAll(PageRequest.of(0, limit, Sort.by(Sort.Direction.DESC, "payrollId"))).stream()
                .map(NotificationResponse::of)
                .toList();
    }

    Optional<NotificationResponse> find(long payrollId) {
        return notifications.findById(payrollId).map(NotificationResponse::of);
    }

    Received receive(PayrollShippedEvent event) {
        return receiveAll(List.of(event)).get(0);
    }

    /** Each event's outcome, in order. Payroll ids must be present and distinct (the controller sees to it). */
    List<Received> receiveAll(List<PayrollShippedEvent> events) {
        Map<Long, String> invalid = new HashMap<>();
        Map<Long, NewNotification> valid = new LinkedHashMap<>();
        for (PayrollShippedEvent event : events) {
            String problems = problemsWith(event);
            if (problems != null) {
                invalid.put(event.payrollId(), problems);
            }
            else {
                valid.put(event.payrollId(),
                        new NewNotification(event, template.recipientOf(event), template.messageOf(event)));
            }
        }
        Map<Long, Instant> recordedNow = notifications.insertAbsent(List.copyOf(valid.values()), delivery);
        Map<Long, Notification> recordedBefore = recordedNow.size() == valid.size() ? Map.of()
                : notifications.findAllById(valid.keySet().stream().filter(id -> !recordedNow.containsKey(id))
                        .toList()).stream().collect(Collectors.toMap(Notification::getPayrollId, Function.identity()));
        List<Received> outcomes = events.stream().map(event -> invalid.containsKey(event.payrollId())
                ? new Received(event, Kind.INVALID, null, invalid.get(event.payrollId()))
                : decide(valid.get(event.payrollId()), recordedNow, recordedBefore)).toList();
        if (delivery == DeliveryMode.SPY && !recordedNow.isEmpty()) {
            LongSummaryStatistics ids = recordedNow.keySet().stream().mapToLong(Long::longValue).summaryStatistics();
            log.info("Notifications recorded (spy, not sent): {} for payroll{}", ids.getCount(),
                    ids.getCount() == 1 ? " " + ids.getMin() : "s " + ids.getMin() + " to " + ids.getMax());
        }
        return outcomes;
    }

    private Received decide(NewNotification notification, Map<Long, Instant> recordedNow,
            Map<Long, Notification> recordedBefore) {
        PayrollShippedEvent event = notification.event();
        Instant createdAt = recordedNow.get(event.payrollId());
        if (createdAt != null) {
            announce(notification);
            return new Received(event, Kind.RECORDED, new NotificationResponse(event.payrollId(),
                    notification.recipient(), notification.message(), delivery, createdAt), null);
        }
        Notification stored = recordedBefore.get(event.payrollId());
        if (stored.isSameEventAs(event)) {
            duplicates.increment();
            return new Received(event, Kind.DUPLICATE, NotificationResponse.of(stored), null);
        }
        return new Received(event, Kind.CONFLICT, NotificationResponse.of(stored),
                "Payroll " + event.payrollId() + " was already notified with a different shipTo or total");
    }

    /**
     * Live, "sending" is this log line, once per notification. A spy sends nothing: what it recorded is in its table
     * and at {@code GET /notifications}, each one at DEBUG, and a line per call at INFO. (Under load a log line costs
     * the host about as much as a tenth of a payroll, and a spy must not cost the monolith its throughput.)
     */
    private void announce(NewNotification notification) {
        recorded.increment();
        if (delivery == DeliveryMode.LIVE) {
            log.info("Notification sent to {}: {}", notification.recipient(), notification.message());
            sent.increment();
        }
        else {
            log.debug("Notification recorded (spy, not sent) for {}: {}", notification.recipient(),
                    notification.message());
        }
    }

    /** The same rules as a single event's (its record's constraints), in the words a 400 would use; null if valid. */
    private String problemsWith(PayrollShippedEvent event) {
        List<ConstraintViolation<PayrollShippedEvent>> violations = new ArrayList<>(validator.validate(event));
        if (violations.isEmpty()) {
            return null;
        }
        return violations.stream().sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .collect(Collectors.joining("; ", "Invalid event: ", ""));
    }
}
