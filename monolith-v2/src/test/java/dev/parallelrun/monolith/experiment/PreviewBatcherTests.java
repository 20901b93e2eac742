package dev.parallelrun.monolith.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parallelrun.monolith.experiment.NotificationPreviewClient.Event;
import dev.parallelrun.monolith.experiment.NotificationPreviewClient.Preview;
import dev.parallelrun.monolith.experiment.NotificationPreviewClient.Previews;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** How the batcher gathers previews: within the linger into one call, at once when a batch is full. */
class PreviewBatcherTests {

    private final List<List<Long>> calls = new CopyOnWriteArrayList<>();
    private final NotificationPreviewClient microservice = batch -> {
        calls.add(batch.events().stream().map(Event::payrollId).toList());
        return new Previews(batch.events().stream()
                .map(event -> new Preview(event.payrollId(), event.shipTo(), "Payroll " + event.payrollId()))
                .toList());
    };
    private final ThreadPoolTaskExecutor senders = new ThreadPoolTaskExecutor();
    private PreviewBatcher batcher;

    @AfterEach
    void stop() {
        batcher.stop();
        senders.shutdown();
    }

    @Test
    void previewsThatComeWithinTheLingerGoInOneCall() {
        start(100, Duration.ofSeconds(3));   // long enough to stay apart from a busy machine's delays

        CompletableFuture<Preview> first = batcher.preview(event(1));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofMillis(1_500)).pollInterval(Duration.ofMillis(10)).until(calls::isEmpty);
        CompletableFuture<Preview> second = batcher.preview(event(2));

        await().atMost(Duration.ofSeconds(10)).until(() -> first.isDone() && second.isDone());
        assertThat(calls).containsExactly(List.of(1L, 2L));
        assertThat(second.join().message()).isEqualTo("Payroll 2");
    }

    @Test
    void aFullBatchGoesAtOnceWithoutWaitingForTheLingerToEnd() {
        start(2, Duration.ofSeconds(30));

        CompletableFuture<Preview> first = batcher.preview(event(1));
        CompletableFuture<Preview> second = batcher.preview(event(2));

        await().atMost(Duration.ofSeconds(20)).until(() -> first.isDone() && second.isDone());
        assertThat(calls).containsExactly(List.of(1L, 2L));
    }

    @Test
    void withoutLingerALonePreviewGoesAtOnce() {
        start(100, Duration.ZERO);

        CompletableFuture<Preview> alone = batcher.preview(event(1));

        await().atMost(Duration.ofSeconds(20)).until(alone::isDone);
        assertThat(calls).containsExactly(List.of(1L));
    }

    private void start(int batchSize, Duration linger) {
        senders.setCorePoolSize(1);
        senders.setMaxPoolSize(1);
        senders.setQueueCapacity(0);
        senders.initialize();
        batcher = new PreviewBatcher(microservice, senders, 1, batchSize, linger, 100);
        batcher.start();
    }

    private static Event event(long payrollId) {
        return new Event(payrollId, "Juablaz", new BigDecimal("320"));
    }
}
