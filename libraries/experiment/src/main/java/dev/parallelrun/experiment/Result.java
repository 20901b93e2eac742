package dev.parallelrun.experiment;

import java.time.Duration;

/**
 * What one side did: its value as the experiment's {@code clean} function records it, or the exception it threw
 * (its class and message), and how long it took.
 */
public record Result(Object value, String exception, Duration duration) {

    static Result value(Object cleaned, long nanos) {
        return new Result(cleaned, null, Duration.ofNanos(nanos));
    }

    static Result thrown(Throwable thrown, long nanos) {
        String message = thrown.getMessage();
        return new Result(null, thrown.getClass().getName() + (message == null ? "" : ": " + message),
                Duration.ofNanos(nanos));
    }

    public boolean failed() {
        return exception != null;
    }
}
