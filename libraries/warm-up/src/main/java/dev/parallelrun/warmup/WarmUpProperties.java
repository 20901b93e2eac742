package dev.parallelrun.warmup;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What an instance sends itself before it says it is ready.
 *
 * @param enabled     whether it does (off in tests, which start many contexts)
 * @param iterations  how many times each task runs and each request is sent in a round (C1 compiles a method after
 *                    200 calls when its queue is short, after many more while it is long)
 * @param maxRounds   rounds at most: they go on until one compiles for at most {@code settledCompilation}; the
 *                    second compiles what the first made hot late; the rounds after it cost more CPU together than
 *                    the start itself, and the users are served as well without them (docs/benchmarks.md)
 * @param timeLimit   no round starts after this long: an instance that cannot settle still becomes ready
 * @param settledCompilation JIT compilation in a round that says the code the round runs is compiled (the JVM's
 *                    compilation time, summed over its compiler threads)
 * @param concurrency how many are in flight at once
 * @param requests    the requests, each sent {@code iterations} times; only ones that change nothing (input the
 *                    service refuses, reads), since they run against the real database
 */
@Validated
@ConfigurationProperties("warm-up")
public record WarmUpProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("400") @Min(1) @Max(100_000) int iterations,
        @DefaultValue("2") @Min(1) @Max(1_000) int maxRounds,
        @DefaultValue("40s") @NotNull Duration timeLimit,
        @DefaultValue("50ms") @NotNull Duration settledCompilation,
        @DefaultValue("4") @Min(1) @Max(64) int concurrency,
        @DefaultValue @NotNull List<@Valid Request> requests) {

    /**
     * @param method  GET, POST, ...
     * @param path    with its query, e.g. {@code /payroll?size=5}
     * @param body    sent as {@code application/json}; none when not set
     * @param status  the answer expected: another one means the request does not run the path it was meant to warm
     * @param iterations times a round sends it, when fewer than the warm-up's {@code iterations}: for a request whose
     *                cost grows with the data (a page that counts the whole table), whose first calls load and link
     *                its code while its compilation can wait for the users' own calls
     */
    public record Request(
            @NotBlank @Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS") String method,
            @NotBlank @Pattern(regexp = "/\\S*") String path,
            String body,
            @Min(100) @Max(599) int status,
            @Min(1) @Max(100_000) Integer iterations) {

        /** Times a round sends it: its own iterations, or the warm-up's. */
        int iterationsOf(int warmUpIterations) {
            return iterations == null ? warmUpIterations : Math.min(iterations, warmUpIterations);
        }
    }
}
