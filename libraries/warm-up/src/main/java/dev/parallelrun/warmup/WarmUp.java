package dev.parallelrun.warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Sends the instance its configured requests over its own port, before it says it is ready: application runners run
 * after the web server has started and before Boot sets the readiness state to {@code ACCEPTING_TRAFFIC}, so the
 * readiness probe, the container's health, {@code ./lab wait} and the proxy (which admits an instance once its
 * readiness answers) all wait for it. A warm-up that goes wrong is logged and never stops the instance from starting.
 */
public class WarmUp implements ApplicationRunner, Ordered {

    /** Sent with every warm-up request: such a request is not one of the users' (served-by does not count it). */
    static final String HEADER = "X-Warm-Up";

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final WarmUpProperties properties;
    private final Environment environment;
    private final List<WarmUpTask> tasks;
    private final Map<String, Map<Integer, AtomicLong>> answers = new ConcurrentHashMap<>();
    private final AtomicLong taskFailures = new AtomicLong();

    WarmUp(WarmUpProperties properties, Environment environment, List<WarmUpTask> tasks) {
        this.properties = properties;
        this.environment = environment;
        this.tasks = tasks;
    }

    /** Last of the runners: whatever the application sets up at start is there to be warmed. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        Integer port = environment.getProperty("local.server.port", Integer.class);
        if (port == null || (properties.requests().isEmpty() && tasks.isEmpty())) {
            return;
        }
        long started = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService workers = Executors.newFixedThreadPool(properties.concurrency());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < properties.iterations(); i++) {
                int iteration = i;
                for (WarmUpTask task : tasks) {
                    done.add(workers.submit(() -> runTask(task, iteration)));
                }
            }
            awaitAll(done);
            for (WarmUpTask task : tasks) {
                runTask(task, -1);
            }
            for (int i = 0; i < properties.iterations(); i++) {
                for (WarmUpProperties.Request request : properties.requests()) {
                    done.add(workers.submit(() -> send(http, port, request)));
                }
            }
            awaitAll(done);
        }
        finally {
            workers.shutdownNow();
        }
        report((System.nanoTime() - started) / 1e9);
    }

    /** Runs of the tasks that threw. */
    public long taskFailures() {
        return taskFailures.get();
    }

    private static void awaitAll(List<Future<?>> done) throws Exception {
        for (Future<?> each : done) {
            each.get();
        }
        done.clear();
    }

    /** Runs {@code iteration} of the task, or its finish with -1. */
    private void runTask(WarmUpTask task, int iteration) {
        try {
            if (iteration < 0) {
                task.finish();
            }
            else {
                task.run(iteration);
            }
        }
        catch (Exception ex) {
            if (taskFailures.getAndIncrement() == 0) {
                log.warn("Warm-up task {} failed (said once): {}", task.getClass().getSimpleName(), ex.toString());
            }
        }
    }

    private void send(HttpClient http, int port, WarmUpProperties.Request request) {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.path()))
                .timeout(Duration.ofSeconds(10)).header(HEADER, "true").method(request.method(), body);
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        int status;
        try {
            status = http.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException ex) {
            status = 0;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        answers.computeIfAbsent(key(request), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    private void report(double seconds) {
        List<String> unexpected = new ArrayList<>();
        long total = 0;
        for (WarmUpProperties.Request request : properties.requests()) {
            Map<Integer, AtomicLong> byStatus = new TreeMap<>(answers.getOrDefault(key(request), Map.of()));
            for (Map.Entry<Integer, AtomicLong> answer : byStatus.entrySet()) {
                total += answer.getValue().get();
                if (answer.getKey() != request.status()) {
                    unexpected.add(String.format("%s answered %s %d times (expected %d)", key(request),
                            answer.getKey() == 0 ? "nothing" : answer.getKey(), answer.getValue().get(),
                            request.status()));
                }
            }
        }
        log.info("Warmed up before taking traffic in {} s: {} tasks × {}{}, {} requests ({} kinds × {})",
                String.format("%.1f", seconds), tasks.size(), properties.iterations(),
                taskFailures.get() == 0 ? "" : " (" + taskFailures.get() + " failed)", total,
                properties.requests().size(), properties.iterations());
        if (!unexpected.isEmpty()) {
            log.warn("Warm-up requests that did not run the path they were meant to: {}", String.join("; ", unexpected));
        }
    }

    /** How each request was answered: request ({@code POST /payroll}) → status (0: no answer) → times. */
    public Map<String, Map<Integer, Long>> answers() {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        answers.forEach((request, byStatus) -> {
            Map<Integer, Long> counts = new TreeMap<>();
            byStatus.forEach((status, times) -> counts.put(status, times.get()));
            copy.put(request, counts);
        });
        return copy;
    }

    private static String key(WarmUpProperties.Request request) {
        return request.method() + " " + request.path();
    }
}
