package dev.understudy.mock.journal;

import java.time.Duration;

/**
 * One frame a connection carried: which way, when (since the socket opened), and its text (cut at
 * {@link Journal#MAX_FRAME_CHARS}).
 */
public record FrameLog(Direction direction, Duration at, String text) {

    /** Which way a frame went. */
    public enum Direction {
        /** From the client to the server. */
        IN,
        /** From the server to the client. */
        OUT
    }
}
