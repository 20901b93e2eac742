package dev.parallelrun.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The course's request generator ({@code node request_generator.js URL SECONDS BODY_FILE}), in Java: the body sent
 * to the URL at a fixed rate, open loop (each request leaves at its planned time whatever the earlier ones are doing,
 * and its latency counts from that time, so a slow server shows up as latency instead of slowing the schedule).
 * One progress line a second; at the end, who served what, from each answer's {@code X-Served-By}, and what the
 * answers were (each status code, timeouts and connection errors apart). With {@code --ramp}, the capacity mode: the
 * highest rate a URL serves well (its knee), and with {@code --compare}, other URLs' side by side.
 */
@Command(name = "request-generator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sends BODY_FILE to URL at a fixed rate for SECONDS seconds, open loop; prints one progress line "
                + "a second, then requests, share, errors and latency per version and instance (X-Served-By) and per "
                + "answer. With --ramp, finds the highest rate URL serves well, SECONDS a step.")
public final class RequestGenerator implements Callable<Integer> {

    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,6})(ms|s)");
    private static final Pattern RAMP = Pattern.compile("(\\d{1,6}):(\\d{1,6})(?::(\\d{1,6}))?");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "where to send it, e.g. http://payment.service/payroll")
    URI url;

    @Parameters(index = "1", paramLabel = "SECONDS", description = "how long to send (with --ramp: each step)")
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

    @Option(names = "--connections", defaultValue = "256", description = "connections to the URL at most, kept open; a request finding them all busy waits for one, counted in its latency (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--timeout", defaultValue = "15s", description = "a request not answered within this long counts as a timeout, e.g. 15s or 500ms (default: ${DEFAULT-VALUE}: longer than payment.service's own 10 s bound, so that a timeout is a request the lab left unanswered)")
    String timeout;

    @Option(names = "--ramp", paramLabel = "FROM:STEP[:TO]", description = "capacity mode: rates FROM, FROM+STEP, ... (at most TO, default 5000) a second, SECONDS each, until one no longer holds; prints the knee, the highest rate that held")
    String ramp;

    @Option(names = "--compare", paramLabel = "URL", description = "with --ramp: another URL, ramped side by side at each rate (repeatable); prints each knee's ratio to the first URL's")
    List<URI> compare = new ArrayList<>();

    @Option(names = "--knee-ok", defaultValue = "99.5", description = "with --ramp: a step holds with at least this %% of 2xx answers (default: ${DEFAULT-VALUE})")
    double kneeOk;

    @Option(names = "--knee-p99", defaultValue = "1000", description = "with --ramp: ... and the 2xx answers' p99 within this many ms (default: ${DEFAULT-VALUE})")
    double kneeP99;

    @Option(names = "--ramp-pause", defaultValue = "2", description = "with --ramp: seconds of rest before each step (default: ${DEFAULT-VALUE})")
    int rampPause;

    private final String run = Long.toString(System.currentTimeMillis(), 36);

    public static void main(String[] args) {
        Integer relaunched = LeanJvm.relaunch(RequestGenerator.class, args);
        System.exit(relaunched != null ? relaunched : Cli.run(new RequestGenerator(), args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        OpenLoopRun load = new OpenLoopRun(url, Files.readAllBytes(bodyFile), rate, seconds, maxRequests, users,
                maxInFlight, run);
        try (LoadClient http = new LoadClient(connections, answerWithin())) {
            // At a hundred requests a second and more, the client's own first second of compiling would count as
            // the services' latency; below that, requests are far enough apart for it not to.
            if (rate >= 100 || ramp != null) {
                http.warmUp();
            }
            return ramp != null ? capacity(http, out, load) : once(http, out, load);
        }
    }

    private int once(LoadClient http, PrintWriter out, OpenLoopRun load) throws Exception {
        out.printf("sending %s to %s: %.1f/s for %d s (at most %,d requests)%s%n", bodyFile, url, rate, seconds,
                load.total(), users > 0 ? ", X-User-Id from " + users + " users" : "");
        Duration patience = http.answerWithin().multipliedBy(LoadClient.SENT_AGAIN_AT_MOST + 1).plusSeconds(20);
        try (StopOnSignal signal = new StopOnSignal(patience)) {
            int exitCode = summarise(out, load.run(http, out, signal::requested));
            out.flush();
            return signal.finish(exitCode);
        }
    }

    private int summarise(PrintWriter out, OpenLoopRun.Result result) throws IOException {
        ServedTally tally = result.tally();
        out.printf("%n%,d requests in %.1f s: %,d answered 2xx, %,d errors%s%s%n%n", tally.requests(),
                result.elapsedSeconds(), tally.requests() - tally.errors(), tally.errors(),
                result.stopped() ? " (stopped before its end)" : "",
                result.sentAgain() == 0 ? "" : String.format(
                        " (%,d sent again, same Idempotency-Key, after their connection closed unanswered)",
                        result.sentAgain()));
        tally.printTable(out);
        out.println();
        tally.printOutcomes(out);
        if (users > 0) {
            reportUsers(out, result.sides());
        }
        double errorRate = tally.requests() == 0 ? 0 : 100.0 * tally.errors() / tally.requests();
        if (errorRate > maxErrorRate) {
            spec.commandLine().getErr().printf("request-generator: %.2f %% of requests failed, more than "
                    + "--max-error-rate %s %%%n", errorRate, maxErrorRate);
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    private int capacity(LoadClient http, PrintWriter out, OpenLoopRun load) throws Exception {
        Matcher range = RAMP.matcher(ramp);
        range.matches();   // validated
        int from = Integer.parseInt(range.group(1));
        int step = Integer.parseInt(range.group(2));
        int to = range.group(3) == null ? 5000 : Integer.parseInt(range.group(3));
        List<URI> urls = new ArrayList<>(List.of(url));
        urls.addAll(compare);
        out.printf("capacity of %s: from %,d/s up by %,d/s (at most %,d/s), %d s a step after %d s of rest; a step holds "
                + "with at least %s %% answered 2xx and their p99 within %,.0f ms%n", String.join(" and ",
                        urls.stream().map(URI::toString).toList()), from, step, to, seconds, rampPause, kneeOk, kneeP99);
        Map<URI, Integer> knees = new Ramp(urls, from, step, to, kneeOk, kneeP99, 2, rampPause * 1000L, load)
                .run(http, out);
        out.println();
        int first = knees.get(url);
        knees.forEach((target, knee) -> out.printf("knee: %s %s%n", target,
                knee == 0 ? "none (not even " + from + "/s held)" : String.format("%,d/s", knee)));
        knees.forEach((target, knee) -> {
            if (!target.equals(url)) {
                out.printf("knee ratio: %s / %s = %s%n", url, target,
                        knee == 0 ? "n/a" : String.format("%.2f", (double) first / knee));
            }
        });
        return 0;
    }

    private void reportUsers(PrintWriter out, Map<String, Set<String>> sides) throws IOException {
        long sticky = sides.values().stream().filter(versions -> versions.size() == 1).count();
        out.printf("%nusers: %d sent requests; %d always served by the same version, %d by more than one%n",
                sides.size(), sticky, sides.size() - sticky);
        if (userSides != null) {
            Map<String, Set<String>> sorted = new TreeMap<>(sides);
            List<String> lines = new ArrayList<>();
            sorted.forEach((user, versions) -> lines.add(user + " " + String.join(",", new TreeSet<>(versions))));
            Files.write(userSides, lines);
            out.printf("each user's versions written to %s%n", userSides);
        }
    }

    private void validate() {
        for (URI target : concat(url, compare)) {
            String scheme = target.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null) {
                throw Cli.invalid(spec, "URL must be an http:// or https:// address with a host, e.g. "
                        + "http://payment.service/payroll: " + target);
            }
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
        Matcher given = TIMEOUT.matcher(timeout);
        if (!given.matches() || answerWithin().toMillis() < 100 || answerWithin().toMinutes() > 10) {
            throw Cli.invalid(spec, "--timeout must be a duration from 100ms to 600s, e.g. 10s or 500ms: " + timeout);
        }
        if (connections <= 0 || connections > 10_000) {
            throw Cli.invalid(spec, "--connections must be 1 to 10000: " + connections);
        }
        if (ramp != null) {
            Matcher range = RAMP.matcher(ramp);
            if (!range.matches() || Integer.parseInt(range.group(1)) < 1 || Integer.parseInt(range.group(2)) < 1
                    || (range.group(3) != null && Integer.parseInt(range.group(3)) < Integer.parseInt(range.group(1)))) {
                throw Cli.invalid(spec, "--ramp must be FROM:STEP or FROM:STEP:TO, whole rates a second with FROM and "
                        + "STEP at least 1 and TO at least FROM, e.g. 100:100:2000: " + ramp);
            }
        }
        else if (!compare.isEmpty()) {
            throw Cli.invalid(spec, "--compare needs --ramp");
        }
        if (!(kneeOk > 0 && kneeOk <= 100)) {
            throw Cli.invalid(spec, "--knee-ok must be a percentage above 0, at most 100: " + kneeOk);
        }
        if (!(kneeP99 > 0) || Double.isInfinite(kneeP99)) {
            throw Cli.invalid(spec, "--knee-p99 must be above 0 ms: " + kneeP99);
        }
        if (rampPause < 0) {
            throw Cli.invalid(spec, "--ramp-pause must be 0 or more seconds: " + rampPause);
        }
    }

    private Duration answerWithin() {
        Matcher given = TIMEOUT.matcher(timeout);
        given.matches();   // validated
        long amount = Long.parseLong(given.group(1));
        return given.group(2).equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
    }

    private static List<URI> concat(URI first, List<URI> rest) {
        List<URI> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
