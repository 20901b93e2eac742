package dev.parallelrun.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service warms itself up over its own port before it says it is ready: every configured request, every task, the
 * iterations asked for (fewer for a request that asks for fewer), all before the readiness state turns to accepting
 * traffic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "warm-up.iterations=25", "warm-up.max-rounds=1", "warm-up.concurrency=3",
        "warm-up.requests[0].method=POST", "warm-up.requests[0].path=/things",
        "warm-up.requests[0].body={\"name\":\"\"}", "warm-up.requests[0].status=400",
        "warm-up.requests[1].method=GET", "warm-up.requests[1].path=/things?size=5",
        "warm-up.requests[1].status=200", "warm-up.requests[1].iterations=4",
        "warm-up.requests[2].method=GET", "warm-up.requests[2].path=/missing", "warm-up.requests[2].status=200" })
@ExtendWith(OutputCaptureExtension.class)
class WarmUpTests {

    @Autowired
    TestApplication.Things things;

    @Autowired
    TestApplication.Readiness readiness;

    @Autowired
    WarmUp warmUp;

    @Autowired
    ApplicationAvailability availability;

    @Test
    void everyRequestAndTaskRanItsIterationsBeforeTheInstanceWasReady() {
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(readiness.answeredWhenReady).isEqualTo(25 + 4);
        assertThat(readiness.tasksWhenReady).isEqualTo(25);
        assertThat(readiness.finishedAfter).as("finished once, after every run").isEqualTo(25);
        assertThat(things.warmUpHeaders).hasSize(25 + 4).containsOnly("true");
    }

    @Test
    void eachAnswerIsKeptSoThatAPathThatWasNotWarmedShows() {
        Map<String, Map<Integer, Long>> answers = warmUp.answers();

        assertThat(answers.get("POST /things")).isEqualTo(Map.of(400, 25L));
        // a read whose cost grows with the data, sent the 4 times it asks for instead of the warm-up's 25
        assertThat(answers.get("GET /things?size=5")).isEqualTo(Map.of(200, 4L));
        // configured as 200, answered 404: logged as a request that did not run the path it was meant to
        assertThat(answers.get("GET /missing")).isEqualTo(Map.of(404, 25L));
    }

    @Test
    void theLogSaysWhichRequestWasSentFewerTimes(CapturedOutput output) {
        assertThat(output.getOut()).containsOnlyOnce(
                "1 round of 1 tasks and 3 kinds of request × 25 (GET /things?size=5 × 4);");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ TestApplication.Things.class, TestApplication.Readiness.class })
    static class TestApplication {

        @Bean
        WarmUpTask countingTask(Readiness readiness) {
            return new WarmUpTask() {
                @Override
                public void run(int iteration) {
                    readiness.tasks.incrementAndGet();
                }

                @Override
                public void finish() {
                    readiness.finishedAfter = readiness.tasks.get();
                }
            };
        }

        record Thing(String name) {
        }

        @RestController
        static class Things {

            final AtomicInteger answered = new AtomicInteger();
            final List<String> warmUpHeaders = new CopyOnWriteArrayList<>();

            @PostMapping("/things")
            ResponseEntity<Void> create(@RequestBody Thing thing, @RequestHeader("X-Warm-Up") String warmUp) {
                answered.incrementAndGet();
                warmUpHeaders.add(warmUp);
                return ResponseEntity.status(thing.name().isBlank() ? HttpStatus.BAD_REQUEST : HttpStatus.CREATED)
                        .build();
            }

            @GetMapping("/things")
            List<Thing> list(@RequestHeader("X-Warm-Up") String warmUp) {
                answered.incrementAndGet();
                warmUpHeaders.add(warmUp);
                return List.of(new Thing("one"));
            }
        }

        /** What had happened when the instance said it was ready. */
        static class Readiness {

            final AtomicInteger tasks = new AtomicInteger();
            volatile int finishedAfter = -1;
            volatile int answeredWhenReady = -1;
            volatile int tasksWhenReady = -1;
            private final Things things;

            Readiness(Things things) {
                this.things = things;
            }

            @EventListener
            void on(AvailabilityChangeEvent<ReadinessState> event) {
                if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
                    answeredWhenReady = things.answered.get();
                    tasksWhenReady = tasks.get();
                }
            }
        }
    }
}
