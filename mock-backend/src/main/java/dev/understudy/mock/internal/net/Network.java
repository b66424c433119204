package dev.understudy.mock.internal.net;

import dev.understudy.mock.NetworkProfile;

import java.util.Random;

/**
 * The server's network profile as it runs: read with one volatile load on the hot paths (null when off), swapped
 * whole by the admin API. Draws the jitter from one seeded generator, so a seed replays the same latencies in the
 * order requests and frames ask for them.
 */
public final class Network {

    /** One profile in force, with its generator. */
    public static final class Pacer {
        private final NetworkProfile profile;
        private final long minMs;
        private final long spanMs;
        private final Random random;
        private final long nanosPerByte1024;

        Pacer(NetworkProfile profile) {
            this.profile = profile;
            this.minMs = profile.minLatency().toMillis();
            this.spanMs = profile.maxLatency().toMillis() - minMs;
            this.random = new Random(profile.seed() != null ? profile.seed() : System.nanoTime());
            this.nanosPerByte1024 = profile.frameBandwidth() == 0 ? 0 : 1_024_000_000_000L / profile.frameBandwidth();
        }

        public NetworkProfile profile() {
            return profile;
        }

        /** One latency draw, in milliseconds. */
        public long latencyMs() {
            if (spanMs == 0) {
                return minMs;
            }
            synchronized (random) {
                return minMs + (long) (random.nextDouble() * (spanMs + 1));
            }
        }

        /** Whether frames are paced at all (latency on frames, or a bandwidth). */
        public boolean pacesFrames() {
            return profile.frames() && (minMs > 0 || spanMs > 0) || nanosPerByte1024 > 0;
        }

        /** A frame's latency, in nanoseconds: a draw when frames get the latency, else 0. */
        public long frameLatencyNanos() {
            return profile.frames() ? latencyMs() * 1_000_000L : 0;
        }

        /** How long {@code bytes} take at the bandwidth, in nanoseconds (0 without one). */
        public long transmitNanos(long bytes) {
            return nanosPerByte1024 == 0 ? 0 : bytes * nanosPerByte1024 / 1024;
        }
    }

    private volatile Pacer current;

    public Network(NetworkProfile initial) {
        set(initial);
    }

    /** The profile in force, or null when off: the hot paths' one check. */
    public Pacer current() {
        return current;
    }

    /** Puts a profile in force (a new generator from its seed), or turns it off with null or an empty profile. */
    public void set(NetworkProfile profile) {
        current = profile == null || isEmpty(profile) ? null : new Pacer(profile);
    }

    /** The profile in force, or null. */
    public NetworkProfile profile() {
        Pacer p = current;
        return p == null ? null : p.profile();
    }

    private static boolean isEmpty(NetworkProfile p) {
        return p.maxLatency().isZero() && p.frameBandwidth() == 0;
    }
}
