package dev.parallelrun.monolith.notification;

/** Who notifies the user, set by {@code notification.mode}; the stages of the migration in order. */
public enum NotificationMode {

    /** Stage 1 behaviour: the monolith notifies in-process, nothing else. */
    MONOLITH,

    /** Stage 2: the monolith notifies and records what it sent; the microservice gets every event as a spy. */
    PARALLEL_RUN,

    /**
     * Stage 2, Example 2: the monolith notifies as in stage 1, and for each payroll a real-time experiment asks the
     * microservice, off the user's thread, what it would send (its preview operation: recorded nowhere, sent to
     * nobody) and compares; the observations are published in the monolith's database.
     */
    EXPERIMENT,

    /** Stage 3: only the microservice notifies; the monolith forwards every event and sends nothing itself. */
    MICROSERVICE,

    /**
     * Example 3: a target behind the comparing proxy, beside the version that really serves the request. It answers as
     * usual but notifies nobody and forwards nothing: the primary has notified the user already.
     */
    SHADOW;

    public boolean monolithSends() {
        return this != MICROSERVICE && this != SHADOW;
    }

    public boolean monolithRecords() {
        return this == PARALLEL_RUN;
    }

    public boolean forwardsToMicroservice() {
        return this == PARALLEL_RUN || this == MICROSERVICE;
    }

    public boolean experiments() {
        return this == EXPERIMENT;
    }
}
