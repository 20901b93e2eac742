package dev.parallelrun.load;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The capacity mode: open-loop steps of rising rate, each URL in turn at each rate (side by side, so that the machine
 * is the same for all), until a step no longer holds: at least {@code minOkPercent} of its requests answered 2xx with
 * their p99 within {@code maxP99Millis}. A step that does not hold is run once more before the URL is done with (one
 * unlucky second is not a knee); the rate between the last step that held and the one that did not is then halved
 * {@code refinements} times. The knee is the highest rate that held.
 */
final class Ramp {

    /** One step: a rate against a URL, and whether it held. */
    record Step(URI url, int rate, OpenLoopRun.Result result, boolean holds) {
    }

    private final List<URI> urls;
    private final int from;
    private final int step;
    private final int to;
    private final double minOkPercent;
    private final double maxP99Millis;
    private final int refinements;
    private final long pauseMillis;
    private final OpenLoopRun template;

    private final Map<URI, Integer> held = new LinkedHashMap<>();
    private final Map<URI, Integer> failed = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private int index;

    /**
     * @param template a step's body, length, users, in-flight bound and key prefix (its URL and rate are the ramp's)
     */
    Ramp(List<URI> urls, int from, int step, int to, double minOkPercent, double maxP99Millis, int refinements,
            long pauseMillis, OpenLoopRun template) {
        this.urls = urls;
        this.from = from;
        this.step = step;
        this.to = to;
        this.minOkPercent = minOkPercent;
        this.maxP99Millis = maxP99Millis;
        this.refinements = refinements;
        this.pauseMillis = pauseMillis;
        this.template = template;
    }

    /** Runs every step, one line each as it ends; returns each URL's knee (0 when no rate held). */
    Map<URI, Integer> run(LoadClient http, PrintWriter out) throws Exception {
        List<URI> rising = new ArrayList<>(urls);
        for (int rate = from; rate <= to && !rising.isEmpty(); rate += step) {
            for (URI url : List.copyOf(rising)) {
                if (!holdsAt(http, out, url, rate) && !holdsAt(http, out, url, rate)) {
                    failed.put(url, rate);
                    rising.remove(url);
                }
            }
        }
        for (int i = 0; i < refinements; i++) {
            for (URI url : urls) {
                int low = held.getOrDefault(url, 0);
                Integer high = failed.get(url);
                int middle = (low + (high == null ? 0 : high)) / 2;
                if (high != null && middle > low && middle < high && !holdsAt(http, out, url, middle)) {
                    failed.put(url, middle);
                }
            }
        }
        Map<URI, Integer> knees = new LinkedHashMap<>();
        urls.forEach(url -> knees.put(url, held.getOrDefault(url, 0)));
        return knees;
    }

    List<Step> steps() {
        return steps;
    }

    private boolean holdsAt(LoadClient http, PrintWriter out, URI url, int rate) throws Exception {
        if (index++ > 0) {
            TimeUnit.MILLISECONDS.sleep(pauseMillis);   // each step starts from a machine at rest
        }
        OpenLoopRun run = new OpenLoopRun(url, template.body(), rate, template.seconds(), null, template.users(),
                template.maxInFlight(), template.keyPrefix() + "-" + index);
        OpenLoopRun.Result result = run.run(http, null);
        ServedTally tally = result.tally();
        double okPercent = tally.requests() == 0 ? 0 : 100.0 * (tally.requests() - tally.errors()) / tally.requests();
        double p99 = tally.okMillis(99);
        boolean holds = okPercent >= minOkPercent && p99 <= maxP99Millis;
        steps.add(new Step(url, rate, result, holds));
        if (holds) {
            held.merge(url, rate, Math::max);
        }
        out.printf("%,6d/s  %-40s %,7d sent  %5.1f %% 2xx%s  p99 %,.1f ms  %s%n", rate, url, tally.requests(),
                okPercent, tally.errorKinds(), p99, holds ? "holds" : "does not hold");
        return holds;
    }
}
