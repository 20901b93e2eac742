package dev.parallelrun.servedby;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The users an instance served, second by second: each once, from a moment on, mergeable with another instance's. */
class UsersSeenTests {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00.250Z"));
    private final UsersSeen seen = new UsersSeen(clock, Duration.ofMinutes(10));

    @Test
    void aUserIsCountedOnceHoweverManyRequestsTheySent() {
        for (int i = 0; i < 50; i++) {
            seen.record("ana");
            seen.record("ben");
            clock.advance(Duration.ofMillis(300));
        }
        seen.record("eva");

        assertThat(seen.since(Instant.EPOCH).users()).isEqualTo(3);
    }

    @Test
    void fromAMomentOnOnlyTheUsersServedFromItsSecond() {
        seen.record("ana");
        clock.advance(Duration.ofSeconds(2));
        Instant stepStart = clock.instant();
        seen.record("ben");
        seen.record("eva");

        UsersSeen.Sketch sinceStep = seen.since(stepStart);
        assertThat(sinceStep.users()).isEqualTo(2);
        assertThat(sinceStep.from()).isEqualTo(stepStart);
        assertThat(seen.since(stepStart.plusSeconds(1)).users()).isZero();
    }

    @Test
    void twoInstancesSketchesMergeIntoTheirUsersEachOnce() {
        UsersSeen other = new UsersSeen(clock, Duration.ofMinutes(10));
        for (int user = 0; user < 6_000; user++) {
            (user % 2 == 0 ? seen : other).record("user-" + user);   // every user on one instance...
            if (user < 2_000) {
                (user % 2 == 0 ? other : seen).record("user-" + user);   // ...a third of them on both
            }
        }

        UltraLogLog side = UltraLogLog.wrap(seen.since(Instant.EPOCH).sketch()).copy()
                .add(UltraLogLog.wrap(other.since(Instant.EPOCH).sketch()));

        assertThat(seen.since(Instant.EPOCH).users() + other.since(Instant.EPOCH).users())
                .as("the instances' counts, summed, count the users on both twice").isCloseTo(8_000, within(300L));
        assertThat(side.getDistinctCountEstimate()).as("within 4 standard errors (1.2 % each)")
                .isCloseTo(6_000, within(6_000 * 0.048));
    }

    @Test
    void usersOlderThanKeptAreForgottenAndSaidSo() {
        seen.record("ana");
        clock.advance(Duration.ofMinutes(11));
        seen.record("ben");

        UsersSeen.Sketch all = seen.since(Instant.EPOCH);
        assertThat(all.users()).isEqualTo(1);
        assertThat(all.from()).isEqualTo(clock.instant().minus(Duration.ofMinutes(10)));
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
