package dev.parallelrun.servedby;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The distinct users an instance served, second by second, kept for a while: one UltraLogLog sketch (hash4j's) per
 * second with traffic. A canary's split is by user, and each user's requests spread over the instances of their
 * side, so a side's users are not the sum of its instances' counts: the sketches are what can be merged, here over
 * seconds and by the reader over instances, without counting a user twice.
 *
 * <p>At precision 12 a sketch is 4 KB whatever it counts, and its estimate is within about 1.2 % (one standard
 * error); a few users are counted all but exactly. Kept for {@code kept}, one sketch a second: 2.4 MB for 10 min of
 * steady traffic.
 */
public final class UsersSeen {

    /** The sketches' precision: 2^12 one-byte registers. */
    static final int PRECISION = 12;

    private static final Hasher64 HASH = Hashing.komihash5_0();

    private final Clock clock;
    private final Duration kept;
    private final NavigableMap<Long, UltraLogLog> bySecond = new TreeMap<>();

    UsersSeen(Clock clock, Duration kept) {
        this.clock = clock;
        this.kept = kept;
    }

    void record(String user) {
        long hash = HASH.hashCharsToLong(user);
        long second = clock.instant().getEpochSecond();
        synchronized (bySecond) {
            bySecond.computeIfAbsent(second, none -> UltraLogLog.create(PRECISION)).add(hash);
            bySecond.headMap(second - kept.toSeconds(), false).clear();
        }
    }

    /** The users served from the second that holds {@code since} on, or from as far back as they are kept. */
    Sketch since(Instant since) {
        Instant keptSince = clock.instant().minus(kept);
        Instant from = since.isBefore(keptSince) ? keptSince : since;
        UltraLogLog merged = UltraLogLog.create(PRECISION);
        synchronized (bySecond) {
            for (UltraLogLog second : bySecond.tailMap(from.getEpochSecond(), true).values()) {
                merged.add(second);
            }
        }
        return new Sketch(from, Math.round(merged.getDistinctCountEstimate()), merged.getState());
    }

    /**
     * What {@link #since} read.
     *
     * @param from   the moment the users are counted from: the one asked for, or the oldest kept when that is later
     * @param users  the distinct users, estimated
     * @param sketch the sketch itself (UltraLogLog's state, precision 12), to merge with other instances'
     */
    public record Sketch(Instant from, long users, byte[] sketch) {
    }
}
