package dev.parallelrun.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The course's request generator ({@code node request_generator.js URL SECONDS BODY_FILE}), in Java: the body sent
 * to the URL at a fixed rate, open loop (each request leaves at its planned time whatever the earlier ones are doing,
 * and its latency counts from that time, so a slow server shows up as latency instead of slowing the schedule).
 * One progress line a second; at the end, who served what, from each answer's {@code X-Served-By}.
 */
@Command(name = "request-generator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sends BODY_FILE to URL at a fixed rate for SECONDS seconds, open loop; prints one progress line "
                + "a second, then requests, share, errors and latency per version and instance (X-Served-By).")
public final class RequestGenerator implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Times a POST whose connection closed unanswered is sent again. */

    static final int SENT_AGAIN_AT_MOST = 2;
    private static final Executor RESEND_AFTER = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "where to send it, e.g. http://payment.service/payroll")
    URI url;

    @Parameters(index = "1", paramLabel = "SECONDS", description = "how long to send")
    int seconds;

    @Parameters(index = "2", paramLabel = "BODY_FILE", description = "the JSON body of every request, e.g. payroll.json")
    Path bodyFile;

    @Option(names = "--rate", defaultValue = "20", description = "requests a second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--users", defaultValue = "0", description = "send X-User-Id, drawn at random from this many users (user-1 ... user-N), to show that a user keeps their side; 0: none (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--max-requests", description = "stop after this many requests (default: rate × seconds)")
    Long maxRequests;

    @Option(names = "--max-error-rate", defaultValue = "0", description = "exit 1 when more than this %% of requests fail (non-2xx or no answer) (default: ${DEFAULT-VALUE})")
    double maxErrorRate;

    @Option(names = "--user-sides", paramLabel = "FILE", description = "write each user's versions to FILE, one 'user version[,version]' line each")
    Path userSides;

    @Option(names = "--max-in-flight", defaultValue = "2000", description = "requests waiting for an answer at most; one more is counted as an error, not sent (default: ${DEFAULT-VALUE})")
    int maxInFlight;

    private final String run = Long.toString(System.currentTimeMillis(), 36);

    public static void main(String[] args) {
        System.exit(Cli.run(new RequestGenerator(), args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        byte[] body = Files.readAllBytes(bodyFile);
        long total = maxRequests != null ? maxRequests : Math.round(rate * seconds);
        long periodNanos = Math.round(1e9 / rate);
        long endNanos = TimeUnit.SECONDS.toNanos(seconds);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        ServedTally tally = new ServedTally();
        Recorder interval = new Recorder(1_000, TimeUnit.MINUTES.toNanos(1), 3);
        Map<String, Set<String>> sides = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong retried = new AtomicLong();
        List<CompletableFuture<Void>> answers = new ArrayList<>();

        out.printf("sending %s to %s: %.1f/s for %d s (at most %,d requests)%s%n", bodyFile, url, rate, seconds, total,
                users > 0 ? ", X-User-Id from " + users + " users" : "");
        long start = System.nanoTime();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleAtFixedRate(() -> out.println(progressLine(start, sent.get(), tally, interval)), 1, 1,
                TimeUnit.SECONDS);
        try {
            for (long i = 0; i < total; i++) {
                long planned = start + i * periodNanos;
                if (planned - start >= endNanos) {
                    break;
                }
                LockSupport.parkNanos(planned - System.nanoTime());
                String user = users > 0 ? "user-" + (1 + ThreadLocalRandom.current().nextInt(users)) : null;
                sent.incrementAndGet();
                if (inFlight.get() >= maxInFlight) {
                    tally.record(null, System.nanoTime() - planned, true);
                    continue;
                }
                inFlight.incrementAndGet();
                HttpRequest request = request(body, user, run + "-" + i);
                answers.add(sendWithRetries(http, request, retried)
                        .handle((response, failure) -> {
                            long nanos = System.nanoTime() - planned;
                            inFlight.decrementAndGet();
                            String servedBy = response == null ? null
                                    : response.headers().firstValue("X-Served-By").orElse("(unnamed)");
                            boolean error = response == null || response.statusCode() / 100 != 2;
                            tally.record(servedBy, nanos, error);
                            interval.recordValue(Math.min(Math.max(nanos, 1_000), TimeUnit.MINUTES.toNanos(1)));
                            if (user != null && servedBy != null) {
                                sides.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet())
                                        .add(servedBy.split("/", 2)[0]);
                            }
                            return null;
                        }));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        }
        finally {
            progress.shutdown();
            progress.awaitTermination(2, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        out.printf("%n%,d requests in %.1f s: %,d answered 2xx, %,d errors%s%n%n", tally.requests(), elapsed,
                tally.requests() - tally.errors(), tally.errors(), retried.get() == 0 ? "" : String.format(
                        " (%,d sent again, same Idempotency-Key, after their connection closed unanswered)",
                        retried.get()));
        tally.printTable(out);
        if (users > 0) {
            reportUsers(out, sides);
        }
        double errorRate = tally.requests() == 0 ? 0 : 100.0 * tally.errors() / tally.requests();
        if (errorRate > maxErrorRate) {
            spec.commandLine().getErr().printf("request-generator: %.2f %% of requests failed, more than "
                    + "--max-error-rate %s %%%n", errorRate, maxErrorRate);
            return 1;
        }
        return 0;
    }

    /**
     * A keep-alive connection the server closes as the request leaves (nginx's graceful reload closes its old
     * workers' idle ones, all at once) fails the request without an answer, and the next idle connection of the pool
     * may be one of those too. Sent again, up to {@value #SENT_AGAIN_AT_MOST} times, with the same Idempotency-Key, it
     * cannot be created twice, as any client of a POST should do; a timeout is not sent again.
     */
    private static CompletableFuture<HttpResponse<Void>> sendWithRetries(HttpClient http, HttpRequest request,
            AtomicLong retried) {
        return send(http, request, retried, SENT_AGAIN_AT_MOST);
    }

    private static CompletableFuture<HttpResponse<Void>> send(HttpClient http, HttpRequest request, AtomicLong retried,
            int againAtMost) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure;
            if (againAtMost > 0 && cause instanceof IOException && !(cause instanceof HttpTimeoutException)) {
                retried.incrementAndGet();
                // After a short back-off: the reload is closing the pool's other idle connections at this very moment.
                return CompletableFuture.runAsync(() -> { }, RESEND_AFTER)
                        .thenCompose(resend -> send(http, request, retried, againAtMost - 1));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private HttpRequest request(byte[] body, String user, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            request.header("X-User-Id", user);
        }
        return request.build();
    }

    private String progressLine(long start, long sent, ServedTally tally, Recorder interval) {
        Histogram second = interval.getIntervalHistogram();
        long elapsed = Math.min(seconds, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        return String.format("[%3d/%d s] sent %,d  ok %,d  errors %,d  p50 %.1f ms  p99 %.1f ms  %s", elapsed, seconds,
                sent, tally.requests() - tally.errors(), tally.errors(), second.getValueAtPercentile(50) / 1e6,
                second.getValueAtPercentile(99) / 1e6, tally.shares());
    }

    private void reportUsers(PrintWriter out, Map<String, Set<String>> sides) throws IOException {
        long sticky = sides.values().stream().filter(versions -> versions.size() == 1).count();
        out.printf("%nusers: %d sent requests; %d always served by the same version, %d by more than one%n",
                sides.size(), sticky, sides.size() - sticky);
        if (userSides != null) {
            Map<String, Set<String>> sorted = new TreeMap<>(sides);
            List<String> lines = new ArrayList<>();
            sorted.forEach((user, versions) -> lines.add(user + " " + String.join(",", new java.util.TreeSet<>(versions))));
            Files.write(userSides, lines);
            out.printf("each user's versions written to %s%n", userSides);
        }
    }

    private void validate() {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw Cli.invalid(spec, "URL must be an http:// or https:// address with a host, e.g. "
                    + "http://payment.service/payroll: " + url);
        }
        if (seconds <= 0) {
            throw Cli.invalid(spec, "SECONDS must be at least 1: " + seconds);
        }
        if (!Files.isRegularFile(bodyFile) || !Files.isReadable(bodyFile)) {
            throw Cli.invalid(spec, "BODY_FILE is not a readable file: " + bodyFile);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw Cli.invalid(spec, "--rate must be above 0: " + rate);
        }
        if (users < 0) {
            throw Cli.invalid(spec, "--users must be 0 or more: " + users);
        }
        if (maxRequests != null && maxRequests <= 0) {
            throw Cli.invalid(spec, "--max-requests must be at least 1: " + maxRequests);
        }
        if (maxErrorRate < 0 || maxErrorRate > 100) {
            throw Cli.invalid(spec, "--max-error-rate must be a percentage, 0 to 100: " + maxErrorRate);
        }
        if (maxInFlight <= 0) {
            throw Cli.invalid(spec, "--max-in-flight must be at least 1: " + maxInFlight);
        }
    }
}
