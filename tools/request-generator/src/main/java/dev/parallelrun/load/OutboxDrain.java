package dev.parallelrun.load;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * How fast an outbox drains once the microservice is back: watches {@code pending} every 100 ms until it reaches
 * zero, timed from the first delivery (so it may be started before the microservice is), and prints the drain rate.
 * It brings nothing up itself.
 */
@Command(name = "outbox-drain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Watches an outbox until nothing is pending and prints how fast it drained.")
public final class OutboxDrain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUTBOX", description = "the outbox endpoint, e.g. http://127.0.0.1:8082/actuator/outbox")
    URI outbox;

    @Option(names = "--timeout-seconds", defaultValue = "120", description = "give up after this long, waiting included (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    private static final Duration SAMPLE = Duration.ofMillis(100);

    private static final Duration PROGRESS = Duration.ofSeconds(1);

    public static void main(String[] args) {
        Integer relaunched = LeanJvm.relaunch(OutboxDrain.class, args);
        System.exit(relaunched != null ? relaunched : Cli.run(new OutboxDrain(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (!"http".equals(outbox.getScheme()) || outbox.getHost() == null) {
            throw Cli.invalid(spec, "not an http:// URL: " + outbox);
        }
        if (timeoutSeconds < 1) {
            throw Cli.invalid(spec, "timeout-seconds must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        OutboxProbe probe = new OutboxProbe(outbox);
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        long backlog = probe.pending();
        out.printf("drain: %,d events pending, waiting for the first delivery%n", backlog);
        out.flush();
        long pending = backlog;
        // The clock starts at the last sample before the backlog first fell, not when this tool started: it may be
        // started before the microservice, whose own start-up is not the outbox's drain time.
        long started = System.nanoTime();
        while (pending >= backlog && backlog > 0 && System.nanoTime() < deadline) {
            started = System.nanoTime();
            Thread.sleep(SAMPLE.toMillis());
            pending = probe.pending();
            backlog = Math.max(backlog, pending);
        }
        long reported = started;
        while (pending > 0 && System.nanoTime() < deadline) {
            Thread.sleep(SAMPLE.toMillis());
            pending = probe.pending();
            if (System.nanoTime() - reported >= PROGRESS.toNanos()) {
                out.printf("drain: %,d pending%n", pending);
                out.flush();
                reported = System.nanoTime();
            }
        }
        if (pending > 0) {
            out.printf("drain: %,d of %,d events still pending after %d s%n", pending, backlog, timeoutSeconds);
            return 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("drain: backlog=%d seconds=%.1f per_s=%.0f%n", backlog, seconds,
                backlog == 0 ? 0 : backlog / seconds);
        return 0;
    }
}
