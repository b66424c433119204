package dev.understudy.mock.internal.ws;

import dev.understudy.mock.WebSocketSettings;

/** Sends {@code heartbeat} after the configured interval of client silence, and again each interval it lasts. */
final class Heartbeat {

    private Heartbeat() {
    }

    static void start(WebSocketSettings settings, Connection conn) {
        schedule(conn, settings.heartbeatInterval().toNanos(), settings.heartbeatInterval().toNanos());
    }

    private static void schedule(Connection conn, long intervalNanos, long waitNanos) {
        conn.heartbeat(conn.after(Math.max(1, waitNanos / 1_000_000), () -> {
            if (!conn.isOpen()) {
                return;
            }
            long idle = System.nanoTime() - conn.lastClientFrameNanos();
            if (idle >= intervalNanos - 1_000_000) {
                conn.send(Frames.heartbeat(conn.id()));
                schedule(conn, intervalNanos, intervalNanos);
            } else {
                schedule(conn, intervalNanos, intervalNanos - idle);
            }
        }));
    }
}
