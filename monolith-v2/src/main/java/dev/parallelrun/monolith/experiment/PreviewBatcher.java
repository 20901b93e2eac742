package dev.parallelrun.monolith.experiment;

import dev.parallelrun.monolith.experiment.NotificationPreviewClient.Event;
import dev.parallelrun.monolith.experiment.NotificationPreviewClient.Preview;
import dev.parallelrun.monolith.experiment.NotificationPreviewClient.PreviewBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The experiment's previews, asked in batches as the parallel run delivers its events: a candidate hands its event
 * over and is answered when its batch comes back. A sender takes the first preview waiting, gathers those that come
 * within {@code linger} (Kafka's {@code linger.ms}), up to a batch, and asks for all of them in one call: nobody waits
 * for a preview, so a few milliseconds spent gathering cost the user nothing and spare the shared cores an HTTP
 * exchange per payroll at moderate load; under heavy load a batch fills before the linger ends. At most
 * {@code waiting} previews wait; one more is refused, and the experiment counts it skipped.
 */
class PreviewBatcher implements SmartLifecycle {

    private record Pending(Event event, CompletableFuture<Preview> answer) {
    }

    private final NotificationPreviewClient microservice;
    private final ThreadPoolTaskExecutor senders;
    private final int threads;
    private final int batchSize;
    private final long lingerNanos;
    private final BlockingQueue<Pending> waiting;
    private volatile boolean running;

    PreviewBatcher(NotificationPreviewClient microservice, ThreadPoolTaskExecutor senders, int threads, int batchSize,
            Duration linger, int waiting) {
        this.microservice = microservice;
        this.senders = senders;
        this.threads = threads;
        this.batchSize = batchSize;
        this.lingerNanos = linger.toNanos();
        this.waiting = new ArrayBlockingQueue<>(waiting);
    }

    CompletableFuture<Preview> preview(Event event) {
        Pending pending = new Pending(event, new CompletableFuture<>());
        if (!running || !waiting.offer(pending)) {
            pending.answer().completeExceptionally(new RejectedExecutionException(
                    "the previews waiting for a batch are at their limit"));
        }
        return pending.answer();
    }

    private void sendWhileRunning() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running) {
            try {
                Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long until = System.nanoTime() + lingerNanos;
                waiting.drainTo(batch, batchSize - 1);
                while (batch.size() < batchSize) {
                    Pending next = waiting.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    waiting.drainTo(batch, batchSize - batch.size());
                }
                send(batch);
            }
            catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            }
            finally {
                batch.clear();
            }
        }
    }

    private void send(List<Pending> batch) {
        try {
            List<Preview> previews = microservice.previewAll(new PreviewBatch(batch.stream().map(Pending::event)
                    .toList())).previews();
            Map<Long, Preview> byPayroll = previews.stream()
                    .collect(Collectors.toMap(Preview::payrollId, Function.identity(), (first, second) -> first));
            for (Pending pending : batch) {
                Preview preview = byPayroll.get(pending.event().payrollId());
                if (preview == null) {
                    pending.answer().completeExceptionally(new IllegalStateException(
                            "the microservice answered no preview for payroll " + pending.event().payrollId()));
                }
                else {
                    pending.answer().complete(preview);
                }
            }
        }
        catch (RuntimeException failed) {
            batch.forEach(pending -> pending.answer().completeExceptionally(failed));
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < threads; i++) {
            senders.execute(this::sendWhileRunning);
        }
    }

    @Override
    public void stop() {
        running = false;
        List<Pending> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(pending -> pending.answer().completeExceptionally(
                new RejectedExecutionException("the monolith is stopping")));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
