package dev.parallelrun.notificationservice.notification;

/**
 * What this service would send for an event, built with its own template, recorded nowhere and sent to nobody: the
 * candidate of the monolith's real-time experiment. {@code docs/contracts/notification-preview.json} pins it on both sides.
 */
public record NotificationPreview(long payrollId, String recipient, String message) {
}
