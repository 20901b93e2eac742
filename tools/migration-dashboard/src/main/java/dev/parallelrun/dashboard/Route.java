package dev.parallelrun.dashboard;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where payment.service points, as its proxy says it ({@code GET /proxy/health}): one version (a stage), or a primary
 * and a canary with the canary's weight.
 *
 * @param stage   the lab's name for it: stage 1, 2 or 3, a canary release, or the target itself when it is none of them
 * @param primary the version that takes every request, or the share the canary does not
 * @param canary  the version being released, or null
 * @param weight  the canary's share, 0 to 100 (0 without a canary)
 */
record Route(String stage, String primary, String canary, int weight) {

    private static final Pattern ONE = Pattern.compile("payment\\.service -> ([a-z0-9.-]+):\\d+");
    private static final Pattern SPLIT = Pattern.compile(
            "payment\\.service -> ([a-z0-9.-]+):\\d+, canary ([a-z0-9.-]+):\\d+ at (\\d{1,3}) %");

    /** The route in the proxy's words, or empty when they are not a route. */
    static Optional<Route> parse(String said) {
        String line = said.strip();
        Matcher split = SPLIT.matcher(line);
        if (split.matches()) {
            int weight = Integer.parseInt(split.group(3));
            return Optional.of(new Route("canary release: " + weight + " % to " + split.group(2), split.group(1),
                    split.group(2), weight));
        }
        Matcher one = ONE.matcher(line);
        if (one.matches()) {
            return Optional.of(new Route(stageOf(one.group(1)), one.group(1), null, 0));
        }
        return Optional.empty();
    }

    private static String stageOf(String version) {
        return switch (version) {
            case "monolith-v1" -> "stage 1: the monolith notifies";
            case "monolith-v2" -> "stage 2: the parallel run";
            case "final-version" -> "stage 3: the microservice notifies";
            default -> version;
        };
    }
}
