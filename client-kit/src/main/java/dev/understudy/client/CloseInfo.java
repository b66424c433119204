package dev.understudy.client;

/**
 * How a WebSocket closed: the close code and reason as the client saw them.
 *
 * <p>Code 1006 means no close frame came (the TCP connection just went away); 1005 means a close frame without a
 * code.
 */
public record CloseInfo(int code, String reason) {

    /** The code a client reports when the connection ended without a close frame. */
    public static final int ABNORMAL = 1006;

    public CloseInfo {
        reason = reason == null ? "" : reason;
    }

    /** Whether the connection ended without a close frame (code 1006). */
    public boolean dropped() {
        return code == ABNORMAL;
    }
}
