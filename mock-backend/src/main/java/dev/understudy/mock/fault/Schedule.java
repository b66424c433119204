package dev.understudy.mock.fault;

import java.time.Duration;

/**
 * How often a fault strikes among the chances its phase and scope give it (each request, socket, run or ping
 * is one chance): always, only the N-th, the first N then recover, with probability p from a seed (the same
 * seed replays the same schedule), and until removed or for a duration after which it reverts by itself.
 *
 * <pre>{@code
 * Schedule.always()                      // until removed
 * Schedule.times(2)                      // the first two chances, then recovered
 * Schedule.nth(3)                        // only the third chance
 * Schedule.probability(0.3, 42)          // 30% of chances, replayable with seed 42
 * Schedule.always().lasting(Duration.ofMillis(500))
 * }</pre>
 *
 * @param nth         strike only on this chance (1-based), or 0
 * @param times       strike at most this many times, then the rule is spent, or 0 for no limit
 * @param probability strike with this probability (1 = always)
 * @param seed        seed of the random draws when {@code probability < 1}
 * @param duration    the rule reverts by itself this long after it is added, or null for never
 */
public record Schedule(long nth, long times, double probability, long seed, Duration duration) {

    public Schedule {
        if (nth < 0) {
            throw new IllegalArgumentException("nth: expected a chance number >= 1, got " + nth);
        }
        if (times < 0) {
            throw new IllegalArgumentException("times: expected a number of hits >= 1, got " + times);
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability: expected a number in (0, 1], got " + probability);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration: expected a positive duration, got " + duration);
        }
    }

    /** Every chance, until removed. */
    public static Schedule always() {
        return new Schedule(0, 0, 1, 0, null);
    }

    /** The first {@code n} chances, then recovered ("the first N connections, then fine"). */
    public static Schedule times(long n) {
        requireAtLeastOne("times", n);
        return new Schedule(0, n, 1, 0, null);
    }

    /** Only the {@code n}-th chance (1-based). */
    public static Schedule nth(long n) {
        requireAtLeastOne("nth", n);
        return new Schedule(n, 1, 1, 0, null);
    }

    /** Each chance with probability {@code p}, drawn from {@code seed}: the same seed replays the same schedule. */
    public static Schedule probability(double p, long seed) {
        return new Schedule(0, 0, p, seed, null);
    }

    /** This schedule, reverting by itself {@code d} after the fault is added. */
    public Schedule lasting(Duration d) {
        return new Schedule(nth, times, probability, seed, d);
    }

    /** Whether the schedule counts chances or hits (which a refused connection can't give: nothing sees it). */
    public boolean counts() {
        return nth > 0 || times > 0 || probability < 1;
    }

    private static void requireAtLeastOne(String field, long n) {
        if (n < 1) {
            throw new IllegalArgumentException(field + ": expected a number >= 1, got " + n);
        }
    }
}
