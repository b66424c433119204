package dev.understudy.mock.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one WebSocket connection did: its handshake (token redacted), the frames in and out with their times,
 * and how it ended; an immutable snapshot.
 *
 * @param id            the connection id the welcome carried (or {@code rejected-N} for a refused upgrade)
 * @param path          the upgrade path
 * @param user          the JWT {@code sub}, or null when the upgrade was refused before one was known
 * @param headers       the upgrade request's headers, with every token replaced by {@code <redacted>}
 * @param opened        when the upgrade request was handled
 * @param frames        frames in and out, oldest first (at most {@link Journal#MAX_FRAMES_PER_CONNECTION})
 * @param framesDropped frames not kept because the cap was reached
 * @param ending        how it ended, or null while it is open
 * @param faults        the faults that struck it, in the order they struck
 * @param seq           the journal's change counter when this entry last changed (the {@code since=} cursor)
 */
public record ConnectionLog(String id, String path, String user, Map<String, List<String>> headers, Instant opened,
                            List<FrameLog> frames, long framesDropped, Ending ending, List<FaultHit> faults, long seq) {

    /** How a connection ended: {@code how} is one of {@link #REJECTED}, {@link #CLOSED_BY_SERVER},
     * {@link #CLOSED_BY_CLIENT}, {@link #DROPPED} or {@link #LOST}; {@code code} is the close code or HTTP status. */
    public record Ending(String how, int code, String reason, Instant at) {
        public static final String REJECTED = "rejected";
        public static final String CLOSED_BY_SERVER = "closed-by-server";
        public static final String CLOSED_BY_CLIENT = "closed-by-client";
        public static final String DROPPED = "dropped";
        public static final String LOST = "lost";
    }

    /** Whether the connection has ended. */
    public boolean ended() {
        return ending != null;
    }

    /** The frames that went one way. */
    public List<FrameLog> frames(FrameLog.Direction direction) {
        return frames.stream().filter(f -> f.direction() == direction).toList();
    }
}
