package dev.parallelrun.servedby;

import java.util.concurrent.atomic.LongAdder;

/** The requests this instance has served since it started. */
public final class ServedCount {

    private final LongAdder served = new LongAdder();

    void increment() {
        served.increment();
    }

    public long get() {
        return served.sum();
    }
}
