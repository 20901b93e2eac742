package dev.parallelrun.notification.notification;

/**
 * What this service would send for an event, built with its own template, recorded nowhere and sent to nobody: the
 * candidate of the monolith's real-time experiment. {@code contracts/notification-preview.json} pins it on both sides.
 */
public record NotificationPreview(long payrollId, String recipient, String message) {
}
