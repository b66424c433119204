package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far away the server seems (docs/network.md): a latency, fixed or drawn uniformly from a range with a seeded
 * jitter, added to every HTTP answer and the upgrade's 101 and, when asked, to each server frame; and an optional
 * bandwidth for frames. A setting of the server, not a fault: it composes with every fault and preset.
 *
 * <pre>{@code
 * MockStagingServer.builder()
 *         .networkProfile(NetworkProfile.latency(Duration.ofMillis(100), Duration.ofMillis(200)).seed(42).build())
 *         .start();
 * }</pre>
 */
public final class NetworkProfile {

    private static final Pattern LATENCY = Pattern.compile("\\s*(\\d+)\\s*(ms|s)?\\s*(?:\\.\\.\\s*(\\d+)\\s*(ms|s)?\\s*)?");
    private static final Set<String> FIELDS = Set.of("latency", "seed", "frames", "frame_bandwidth");

    private final Duration minLatency;
    private final Duration maxLatency;
    private final Long seed;
    private final boolean frames;
    private final long frameBandwidth;

    private NetworkProfile(Builder b) {
        this.minLatency = b.min;
        this.maxLatency = b.max;
        this.seed = b.seed;
        this.frames = b.frames;
        this.frameBandwidth = b.bandwidth;
    }

    /** A builder with no latency and no bandwidth limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with a fixed latency. */
    public static Builder latency(Duration latency) {
        return builder().latency(latency);
    }

    /** A builder with a latency drawn uniformly from {@code min..max} (the jitter). */
    public static Builder latency(Duration min, Duration max) {
        return builder().latency(min, max);
    }

    /**
     * Parses the command line's latency: {@code 120ms}, {@code 80ms..200ms}, {@code 1s}; a bare number is
     * milliseconds. Returns a builder with that latency.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static Builder parseLatency(String spec) {
        Matcher m = LATENCY.matcher(spec == null ? "" : spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a latency such as 120ms or a range such as 80ms..200ms, got '" + spec + "'");
        }
        Duration min = duration(m.group(1), m.group(2));
        Duration max = m.group(3) == null ? min : duration(m.group(3), m.group(4));
        return latency(min, max);
    }

    /**
     * Parses the JSON form the admin API's {@code PUT /network} and profile files take:
     * {@code {"latency":"100ms..200ms","seed":42,"frames":true,"frame_bandwidth":65536}}, every field optional.
     *
     * @param what names the input in messages
     */
    public static NetworkProfile fromJson(String json, String what) {
        return fromJson(Bridge.parseObject(json, what), what);
    }

    static NetworkProfile fromJson(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + ": expected an object such as {\"latency\":\"100ms..200ms\"}, got " + node);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(what + ": " + f + ": unknown field (expected latency, seed, frames, frame_bandwidth)");
            }
        }
        Builder b = builder();
        JsonNode latency = node.get("latency");
        if (latency != null && !latency.isNull()) {
            if (!latency.isTextual() && !latency.isIntegralNumber()) {
                throw new IllegalArgumentException(what + ": latency: expected a latency such as \"120ms\" or \"80ms..200ms\", got " + latency);
            }
            try {
                b = parseLatency(latency.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": latency: " + e.getMessage());
            }
        }
        JsonNode seed = node.get("seed");
        if (seed != null && !seed.isNull()) {
            if (!seed.isIntegralNumber()) {
                throw new IllegalArgumentException(what + ": seed: expected a whole number, got " + seed);
            }
            b.seed(seed.asLong());
        }
        JsonNode frames = node.get("frames");
        if (frames != null && !frames.isNull()) {
            if (!frames.isBoolean()) {
                throw new IllegalArgumentException(what + ": frames: expected true or false, got " + frames);
            }
            b.frames(frames.asBoolean());
        }
        JsonNode bw = node.get("frame_bandwidth");
        if (bw != null && !bw.isNull()) {
            if (!bw.isIntegralNumber() || bw.asLong() < 1) {
                throw new IllegalArgumentException(what + ": frame_bandwidth: expected bytes per second, a whole number >= 1, got " + bw);
            }
            b.frameBandwidth(bw.asLong());
        }
        return b.build();
    }

    /** The JSON form {@link #fromJson} reads, as a map ready to write. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latency", minLatency.equals(maxLatency) ? minLatency.toMillis() + "ms"
                : minLatency.toMillis() + "ms.." + maxLatency.toMillis() + "ms");
        m.put("seed", seed);
        m.put("frames", frames);
        m.put("frame_bandwidth", frameBandwidth == 0 ? null : frameBandwidth);
        return m;
    }

    /** The shortest latency; {@link Duration#ZERO} for none. */
    public Duration minLatency() {
        return minLatency;
    }

    /** The longest latency; equal to {@link #minLatency()} when fixed. */
    public Duration maxLatency() {
        return maxLatency;
    }

    /** The jitter's seed, or null for a new one on each server start. */
    public Long seed() {
        return seed;
    }

    /** Whether each server frame gets the latency too. */
    public boolean frames() {
        return frames;
    }

    /** Bytes per second server frames are paced to; 0 for no limit. */
    public long frameBandwidth() {
        return frameBandwidth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkProfile p && p.minLatency.equals(minLatency) && p.maxLatency.equals(maxLatency)
                && Objects.equals(p.seed, seed) && p.frames == frames && p.frameBandwidth == frameBandwidth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minLatency, maxLatency, seed, frames, frameBandwidth);
    }

    @Override
    public String toString() {
        return "NetworkProfile" + toJsonMap();
    }

    private static Duration duration(String number, String unit) {
        long n;
        try {
            n = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a latency in ms of at most 600000, got '" + number + "'");
        }
        Duration d = "s".equals(unit) ? Duration.ofSeconds(n) : Duration.ofMillis(n);
        if (d.toMillis() > 600_000) {
            throw new IllegalArgumentException("expected a latency of at most 600000ms, got " + d.toMillis() + "ms");
        }
        return d;
    }

    /** Builds a {@link NetworkProfile}; every setting optional. */
    public static final class Builder {
        private Duration min = Duration.ZERO;
        private Duration max = Duration.ZERO;
        private Long seed;
        private boolean frames;
        private long bandwidth;

        private Builder() {
        }

        /** A fixed latency. */
        public Builder latency(Duration latency) {
            return latency(latency, latency);
        }

        /** A latency drawn uniformly from {@code min..max} for each answer (and frame). */
        public Builder latency(Duration min, Duration max) {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("latency: expected 0 <= min <= max, got " + min.toMillis() + "ms.."
                        + max.toMillis() + "ms");
            }
            this.min = min;
            this.max = max;
            return this;
        }

        /** The jitter's seed: the same seed draws the same latencies in the same order. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether each server frame gets the latency too (off by default: only HTTP answers and the 101). */
        public Builder frames(boolean on) {
            this.frames = on;
            return this;
        }

        /** Paces server frames to this many bytes per second (each frame waits for the one before). */
        public Builder frameBandwidth(long bytesPerSecond) {
            if (bytesPerSecond < 1) {
                throw new IllegalArgumentException("frame_bandwidth: expected bytes per second >= 1, got " + bytesPerSecond);
            }
            this.bandwidth = bytesPerSecond;
            return this;
        }

        public NetworkProfile build() {
            return new NetworkProfile(this);
        }
    }
}
