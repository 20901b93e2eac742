package dev.parallelrun.notificationservice.notification;

/** What the microservice does with a notification it built. */
public enum DeliveryMode {

    /** Stage 2: record it, never send it; the monolith is still the one that notifies. */
    SPY,

    /** Stage 3: send it and record it; the microservice is now the one that notifies. */
    LIVE
}
