package dev.parallelrun.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A run stopped before its end by {@code kill} (SIGTERM) or Ctrl-C (SIGINT) still says what it got: the signal only
 * asks it to stop sending; it waits for the answers of what it sent, prints its summary, and exits with its own exit
 * code (so that {@code kill $!; wait $!} in a script gets the summary and the verdict of {@code --max-error-rate}).
 * The JVM runs its shutdown hooks on those signals; this one waits for the run to finish, up to {@code patience},
 * then halts with the run's code. Not finished by then, the JVM goes down as the signal would have taken it.
 */
final class StopOnSignal implements AutoCloseable {

    private final Duration patience;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stop, "stop-on-signal");
    private volatile boolean requested;
    private volatile int exitCode;

    StopOnSignal(Duration patience) {
        this.patience = patience;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether a signal asked the run to stop. */
    boolean requested() {
        return requested;
    }

    /** The run is over and its summary written: exits with {@code exitCode} if a signal came, returns it if not. */
    int finish(int exitCode) {
        this.exitCode = exitCode;
        finished.countDown();
        return exitCode;
    }

    private void stop() {
        requested = true;
        try {
            if (finished.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(exitCode);
            }
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (IllegalStateException shuttingDown) {
            // A signal came: the hook is running, and exits with the code given to finish.
        }
    }
}
