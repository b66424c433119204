package dev.understudy.mock;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a long-running server holds every client to, so that no client (slow, silent, hostile or just
 * leaving hung connections behind) can exhaust it; docs/limits.md lists each with its default and flag.
 *
 * @param maxHeldConnections connections that faults may hold at once ({@code hang}, {@code blackhole},
 *                           {@code no-welcome}); past it a new one is answered 503 (HTTP), closed 1013 (WebSocket)
 *                           or closed (TCP) instead of held
 * @param headerTimeout      how long a request (the WebSocket upgrade included) may take to send its headers
 *                           once it has begun; past it the connection is closed (slowloris)
 * @param idleTimeout        how long an HTTP connection may stay open with no request in progress (a connection
 *                           that never sends one, an idle keep-alive one); never applies to an open WebSocket
 * @param maxQueuedBytes     characters of outgoing frames a socket may have unwritten because its client does not
 *                           read; past it the socket is closed with 1008 and cut
 */
public record Limits(int maxHeldConnections, Duration headerTimeout, Duration idleTimeout, long maxQueuedBytes) {

    /** The default bound on connections held by faults. */
    public static final int DEFAULT_MAX_HELD_CONNECTIONS = 256;

    public Limits {
        if (maxHeldConnections < 0) {
            throw new IllegalArgumentException("maxHeldConnections: expected 0 or more, got " + maxHeldConnections);
        }
        requirePositive("headerTimeout", headerTimeout);
        requirePositive("idleTimeout", idleTimeout);
        if (maxQueuedBytes < 1024) {
            throw new IllegalArgumentException("maxQueuedBytes: expected at least 1024, got " + maxQueuedBytes);
        }
    }

    /** 256 held connections, 10 s for headers, 5 min idle, 16 MiB queued per socket. */
    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_HELD_CONNECTIONS, Duration.ofSeconds(10), Duration.ofMinutes(5), 16L << 20);
    }

    /** These limits with another bound on held connections. */
    public Limits withMaxHeldConnections(int max) {
        return new Limits(max, headerTimeout, idleTimeout, maxQueuedBytes);
    }

    /** These limits with another header timeout. */
    public Limits withHeaderTimeout(Duration timeout) {
        return new Limits(maxHeldConnections, timeout, idleTimeout, maxQueuedBytes);
    }

    /** These limits with another idle timeout for HTTP connections. */
    public Limits withIdleTimeout(Duration timeout) {
        return new Limits(maxHeldConnections, headerTimeout, timeout, maxQueuedBytes);
    }

    /** These limits with another bound on unwritten outgoing frames per socket. */
    public Limits withMaxQueuedBytes(long max) {
        return new Limits(maxHeldConnections, headerTimeout, idleTimeout, max);
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": expected a positive duration of at most 24 days, got " + d);
        }
    }
}
