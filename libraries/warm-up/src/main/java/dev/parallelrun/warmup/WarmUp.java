package dev.parallelrun.warmup;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
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
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
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
 * <p>
 * It goes in rounds, each every task and every request {@code iterations} times, until a round leaves the JIT compiler
 * next to nothing to do or the rounds allowed are done (two by default): one round is not enough where it matters.
 * The compiler raises the number of calls that make a method worth compiling with the length of its queue, and a
 * queue is long while a dozen JVMs start on two cores: after 400 payrolls, monolith-v1's
 * {@code PayrollService.create} was still interpreted, and its first seconds under the README's 150 a second compiled
 * another 1,300 methods.
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
    /** Milliseconds the JIT compiler has worked so far; negative where the JVM does not tell. */
    private final LongSupplier compilation;

    WarmUp(WarmUpProperties properties, Environment environment, List<WarmUpTask> tasks) {
        this(properties, environment, tasks, WarmUp::compilationMillis);
    }

    WarmUp(WarmUpProperties properties, Environment environment, List<WarmUpTask> tasks, LongSupplier compilation) {
        this.properties = properties;
        this.environment = environment;
        this.tasks = tasks;
        this.compilation = compilation;
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
        long deadline = started + properties.timeLimit().toNanos();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService workers = Executors.newFixedThreadPool(properties.concurrency());
        List<Long> compiled = new ArrayList<>();
        try {
            do {
                long before = compilation.getAsLong();
                round(workers, http, port, compiled.size());
                long after = compilation.getAsLong();
                compiled.add(before < 0 || after < 0 ? -1 : after - before);
            }
            while (!settled(compiled) && compiled.size() < properties.maxRounds() && System.nanoTime() < deadline);
            for (WarmUpTask task : tasks) {
                runTask(task, -1);
            }
        }
        finally {
            workers.shutdownNow();
        }
        report((System.nanoTime() - started) / 1e9, compiled);
    }

    /** Whether the last round compiled little enough, or the JVM cannot tell (then one round is all there is). */
    private boolean settled(List<Long> compiled) {
        long last = compiled.get(compiled.size() - 1);
        return last < 0 || last <= properties.settledCompilation().toMillis();
    }

    /** Every task, then every request, {@code iterations} times each; a round's iterations are numbered apart. */
    private void round(ExecutorService workers, HttpClient http, int port, int round) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < properties.iterations(); i++) {
            int iteration = round * properties.iterations() + i;
            for (WarmUpTask task : tasks) {
                done.add(workers.submit(() -> runTask(task, iteration)));
            }
        }
        awaitAll(done);
        for (int i = 0; i < properties.iterations(); i++) {
            for (WarmUpProperties.Request request : properties.requests()) {
                if (i < request.iterationsOf(properties.iterations())) {
                    done.add(workers.submit(() -> send(http, port, request)));
                }
            }
        }
        awaitAll(done);
    }

    private static long compilationMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
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

    private void report(double seconds, List<Long> compiled) {
        List<String> unexpected = new ArrayList<>();
        for (WarmUpProperties.Request request : properties.requests()) {
            Map<Integer, AtomicLong> byStatus = new TreeMap<>(answers.getOrDefault(key(request), Map.of()));
            for (Map.Entry<Integer, AtomicLong> answer : byStatus.entrySet()) {
                if (answer.getKey() != request.status()) {
                    unexpected.add(String.format("%s answered %s %d times (expected %d)", key(request),
                            answer.getKey() == 0 ? "nothing" : answer.getKey(), answer.getValue().get(),
                            request.status()));
                }
            }
        }
        int rounds = compiled.size();
        int iterations = properties.iterations();
        String fewer = properties.requests().stream().filter(request -> request.iterationsOf(iterations) < iterations)
                .map(request -> key(request) + " × " + request.iterationsOf(iterations))
                .collect(Collectors.joining(", "));
        log.info("Warmed up before taking traffic in {} s, {} round{} of {} tasks and {} kinds of request × {}{}{}; "
                + "JIT compilation in each round: {} ms ({})", String.format("%.1f", seconds), rounds,
                rounds == 1 ? "" : "s", tasks.size(), properties.requests().size(), iterations,
                fewer.isEmpty() ? "" : " (" + fewer + ")",
                taskFailures.get() == 0 ? "" : " (" + taskFailures.get() + " task runs failed)",
                compiled.stream().map(ms -> ms < 0 ? "?" : String.valueOf(ms)).toList(),
                settled(compiled) ? "settled" : "still compiling: the round or time limit came first");
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
