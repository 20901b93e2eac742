package dev.parallelrun.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.canary.Release.Status;
import dev.parallelrun.canary.SimulatedReleases.Behaviour;
import dev.parallelrun.canary.SimulatedReleases.Ending;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The judge's stated error rates, shown on many simulated releases of the README's shape (steps 10, 50, 100 every
 * 15 s, 50 requests a second; {@link SimulatedReleases}): how often a canary as good as the primary is rolled back
 * (A/A, at most α = 5 %, however often the analysis looks), and how soon a worse one is caught (power). Each test
 * prints its figures; docs/example-4-canary-release.md quotes them.
 */
@Tag("simulation")
class StatisticalJudgeTests {

    private static final Duration TYPICAL = Duration.ofMillis(20);
    private static final Behaviour HEALTHY = new Behaviour(0, TYPICAL);

    @Test
    void aCanaryAsGoodAsThePrimaryIsRolledBackAtMostAtTheStatedRate() {
        Behaviour same = new Behaviour(0.005, TYPICAL);
        List<Ending> endings = new SimulatedReleases(1).releases(400, same, same, 1);

        double rolledBack = share(endings, ending -> ending.status() != Status.PROMOTED);
        report("A/A, both 0.5 % 5xx", endings, same, same);
        assertThat(rolledBack).isLessThanOrEqualTo(0.05);
    }

    @Test
    void aHealthyCanaryIsPromotedAtTheEndOfItsLastWindow() {
        List<Ending> endings = new SimulatedReleases(2).releases(200, HEALTHY, HEALTHY, 1);

        report("healthy, 0 % 5xx", endings, HEALTHY, HEALTHY);
        assertThat(endings).allMatch(ending -> ending.status() == Status.PROMOTED);
        assertThat(endings).allMatch(ending -> ending.took().compareTo(Duration.ofSeconds(46)) <= 0);
    }

    @Test
    void aCanaryJustStartedIsNotRolledBackForItsFirstSlowRequests() {
        Behaviour cold = new Behaviour(0, TYPICAL, 10);
        List<Ending> endings = new SimulatedReleases(9).releases(200, HEALTHY, cold, 1);

        report("healthy, its first 10 requests 1 s slower", endings, HEALTHY, cold);
        assertThat(endings).allMatch(ending -> ending.status() == Status.PROMOTED);
        assertThat(endings).allMatch(ending -> ending.took().compareTo(Duration.ofSeconds(46)) <= 0);
    }

    @Test
    void aCanaryWithinTheErrorBudgetIsPromoted() {
        Behaviour within = new Behaviour(0.005, TYPICAL);
        List<Ending> endings = new SimulatedReleases(3).releases(200, HEALTHY, within, 1);

        report("0.5 % 5xx against 0 %, 1 pp budget", endings, HEALTHY, within);
        assertThat(share(endings, ending -> ending.status() == Status.PROMOTED)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aCanaryTwoPointsWorseIsRolledBackByTheErrorCheck() {
        Behaviour primary = new Behaviour(0.005, TYPICAL);
        Behaviour worse = new Behaviour(0.025, TYPICAL);
        List<Ending> endings = new SimulatedReleases(4).releases(200, primary, worse, 1);

        report("+2 pp 5xx (2.5 % against 0.5 %)", endings, primary, worse);
        assertThat(share(endings, ending -> ending.endedBy("errors"))).isGreaterThanOrEqualTo(0.75);
        assertThat(canaryRequests(endings, 50)).isLessThanOrEqualTo(5_000);
        assertThat(share(endings, ending -> ending.status() == Status.PROMOTED)).isLessThanOrEqualTo(0.05);
    }

    @Test
    void aCanaryAnsweringThreePercent5xxIsRolledBackByTheErrorCheck() {
        Behaviour failing = new Behaviour(0.03, TYPICAL);
        List<Ending> endings = new SimulatedReleases(5).releases(200, HEALTHY, failing, 1);

        report("3 % 5xx against 0 %", endings, HEALTHY, failing);
        assertThat(endings).allMatch(ending -> ending.endedBy("errors"));
    }

    @Test
    void aCanaryAnsweringOneInFive5xxIsRolledBackWithinSeconds() {
        Behaviour failing = new Behaviour(0.2, TYPICAL);
        List<Ending> endings = new SimulatedReleases(6).releases(200, HEALTHY, failing, 1);

        report("20 % 5xx against 0 %", endings, HEALTHY, failing);
        assertThat(endings).allMatch(ending -> ending.endedBy("errors"));
        assertThat(seconds(endings, 50)).isLessThanOrEqualTo(6);
        assertThat(seconds(endings, 95)).isLessThanOrEqualTo(10);
    }

    @Test
    void aCanarySlowerBy50MillisecondsIsRolledBackByTheLatencyCheckAtItsFirstWindow() {
        Behaviour slower = new Behaviour(0, TYPICAL.plusMillis(50));
        List<Ending> endings = new SimulatedReleases(7).releases(200, HEALTHY, slower, 1);

        report("+50 ms median", endings, HEALTHY, slower);
        assertThat(endings).allMatch(ending -> ending.endedBy("latency"));
        assertThat(endings).allMatch(ending -> ending.took().compareTo(SimulatedReleases.INTERVAL) <= 0);
        assertThat(canaryRequests(endings, 100)).isLessThanOrEqualTo(120);
    }

    @Test
    void aCanaryGettingTwiceItsWeightStopsAsABrokenSplit() {
        List<Ending> endings = new SimulatedReleases(8).releases(200, HEALTHY, HEALTHY, 2);

        report("the canary getting twice its weight", endings, null, null);
        assertThat(endings).allMatch(ending -> ending.status() == Status.BROKEN_SPLIT);
    }

    private static double share(List<Ending> endings, Predicate<Ending> which) {
        return (double) endings.stream().filter(which).count() / endings.size();
    }

    /** The {@code percentile}th percentile of how long the releases took, in seconds. */
    private static long seconds(List<Ending> endings, int percentile) {
        List<Long> seconds = endings.stream().map(ending -> ending.took().toSeconds()).sorted().toList();
        return seconds.get(Math.min(seconds.size() - 1, seconds.size() * percentile / 100));
    }

    /** The {@code percentile}th percentile of the canary requests served by the end of the releases. */
    private static long canaryRequests(List<Ending> endings, int percentile) {
        List<Long> requests = endings.stream().map(Ending::canaryRequests).sorted().toList();
        return requests.get(Math.min(requests.size() - 1, requests.size() * percentile / 100));
    }

    /** The releases' figures, and beside them (unless the scenario has no such thing) the fixed thresholds' own. */
    private void report(String scenario, List<Ending> endings, Behaviour primary, Behaviour canary) {
        print("tests", scenario, endings);
        if (primary != null) {
            print("fixed thresholds", scenario, new SimulatedReleases(99).releasesByFixedThresholds(
                    endings.size(), primary, canary));
        }
    }

    private static void print(String judge, String scenario, List<Ending> endings) {
        long promoted = endings.stream().filter(ending -> ending.status() == Status.PROMOTED).count();
        long rolledBack = endings.stream().filter(ending -> ending.status() == Status.ROLLED_BACK).count();
        long broken = endings.stream().filter(ending -> ending.status() == Status.BROKEN_SPLIT).count();
        System.out.printf("simulated, %-16s %-42s %4d releases: %4d promoted, %4d rolled back (%d on errors, %d on latency,"
                + " %d undecided), %d broken split; ended after %d s median, %d s at the 95th percentile, %d canary "
                + "requests median%n", judge + ":", scenario, endings.size(), promoted, rolledBack,
                endings.stream().filter(ending -> ending.endedBy("errors")).count(),
                endings.stream().filter(ending -> ending.endedBy("latency")).count(),
                endings.stream().filter(ending -> ending.outcome().contains("still not decided")).count(), broken,
                seconds(endings, 50), seconds(endings, 95),
                canaryRequests(endings, 50));
    }
}
