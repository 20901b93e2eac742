package dev.parallelrun.load;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;

/**
 * One open-loop run: the body to a URL at a fixed rate for some seconds. Each request leaves at its planned time
 * whatever the earlier ones are doing, and its latency counts from that time (no coordinated omission), so a slow
 * server shows up as latency and errors instead of slowing the schedule.
 *
 * @param url where to POST
 * @param body the JSON body of every request
 * @param rate requests a second
 * @param seconds how long to send
 * @param maxRequests at most this many requests, or null for rate × seconds
 * @param users draw {@code X-User-Id} from this many users; 0 for none
 * @param maxInFlight requests waiting for an answer at most; one more is not sent, and counted as an error
 * @param keyPrefix what every Idempotency-Key of the run starts with
 */
record OpenLoopRun(URI url, byte[] body, double rate, int seconds, Long maxRequests, int users, int maxInFlight,
        String keyPrefix) {

    /**
     * What a run gave: every answer, and for each user the versions that served them; {@code stopped} when it was
     * asked to stop before its end.
     */
    record Result(ServedTally tally, Map<String, Set<String>> sides, long sentAgain, double elapsedSeconds,
            boolean stopped) {
    }

    private static final long STOP_READ_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    long total() {
        return maxRequests != null ? maxRequests : Math.round(rate * seconds);
    }

    /** Runs it; with {@code progress}, one line a second there. */
    Result run(LoadClient http, PrintWriter progress) throws Exception {
        return run(http, progress, () -> false);
    }

    /**
     * Runs it until its end or until {@code stop} says so (read at least every 100 ms): then it sends no more, and
     * returns once every request sent has its answer or has failed.
     */
    Result run(LoadClient http, PrintWriter progress, BooleanSupplier stop) throws Exception {
        long total = total();
        long periodNanos = Math.round(1e9 / rate);
        long endNanos = TimeUnit.SECONDS.toNanos(seconds);
        long sentAgainBefore = http.sentAgain();
        ServedTally tally = new ServedTally();
        Recorder interval = new Recorder(1_000, TimeUnit.MINUTES.toNanos(1), 3);
        Map<String, Set<String>> sides = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        List<CompletableFuture<Void>> answers = new ArrayList<>();

        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        if (progress != null) {
            ticker.scheduleAtFixedRate(() -> progress.println(progressLine(start, sent.get(), inFlight.get(), tally,
                    interval)), 1, 1, TimeUnit.SECONDS);
        }
        boolean stopped = false;
        try {
            for (long i = 0; i < total && !stopped; i++) {
                long planned = start + i * periodNanos;
                if (planned - start >= endNanos) {
                    break;
                }
                while (!(stopped = stop.getAsBoolean()) && System.nanoTime() < planned) {
                    LockSupport.parkNanos(Math.min(planned - System.nanoTime(), STOP_READ_NANOS));
                }
                if (stopped) {
                    break;
                }
                String user = users > 0 ? "user-" + (1 + ThreadLocalRandom.current().nextInt(users)) : null;
                sent.incrementAndGet();
                if (inFlight.get() >= maxInFlight) {
                    tally.record(new Answer(Answer.NOT_SENT, null, false, System.nanoTime() - planned));
                    continue;
                }
                inFlight.incrementAndGet();
                answers.add(http.post(url, body, keyPrefix + "-" + i, user).handle((response, failure) -> {
                    inFlight.decrementAndGet();
                    Answer answer = answerOf(response, failure, System.nanoTime() - planned);
                    tally.record(answer);
                    interval.recordValue(Math.min(Math.max(answer.nanos(), 1_000), TimeUnit.MINUTES.toNanos(1)));
                    if (user != null && answer.answered()) {
                        sides.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet())
                                .add(answer.servedBy().split("/", 2)[0]);
                    }
                    return null;
                }));
            }
            // Every request has an answer or has failed within the client's timeouts (and its resends).
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .get(http.answerWithin().toSeconds() * (LoadClient.SENT_AGAIN_AT_MOST + 1) + 10, TimeUnit.SECONDS);
        }
        finally {
            ticker.shutdown();
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        }
        return new Result(tally, sides, http.sentAgain() - sentAgainBefore, (System.nanoTime() - start) / 1e9,
                stopped);
    }

    private static Answer answerOf(SimpleHttpResponse response, Throwable failure, long nanos) {
        if (response == null) {
            return new Answer(LoadClient.kindOf(failure), null, false, nanos);
        }
        var servedBy = response.getFirstHeader("X-Served-By");
        return new Answer(Integer.toString(response.getCode()), servedBy == null ? "(unnamed)" : servedBy.getValue(),
                response.containsHeader("Retry-After"), nanos);
    }

    private String progressLine(long start, long sent, int inFlight, ServedTally tally, Recorder interval) {
        Histogram second = interval.getIntervalHistogram();
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        return String.format("[%3d/%d s] sent %,d  ok %,d  errors %,d%s  p50 %.1f ms  p99 %.1f ms  %s%s",
                Math.min(seconds, elapsed), seconds, sent, tally.requests() - tally.errors(), tally.errors(),
                tally.errorKinds(), second.getValueAtPercentile(50) / 1e6, second.getValueAtPercentile(99) / 1e6,
                tally.shares(), elapsed >= seconds && inFlight > 0 ? "  (waiting for " + inFlight + " answers)" : "");
    }
}
