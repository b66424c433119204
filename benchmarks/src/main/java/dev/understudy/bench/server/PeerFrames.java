package dev.understudy.bench.server;

/**
 * The fixed texts the peers answer with, shaped and sized like understudy's (docs/contract.md: HTTP endpoints, frames, agent runs), written by
 * hand so a peer needs no JSON library; and the one command a peer's WebSocket understands beyond "answer anything":
 * {@code stream <count> <size>}.
 */
public final class PeerFrames {

    /** {@code /health}: the contract's body with fixed numbers. */
    public static final String HEALTH = "{\"status\":\"healthy\",\"service\":\"netra-ai-platform\",\"version\":\"1.0.0\","
            + "\"timestamp\":1763732400.123456,\"uptime_seconds\":12.345678,\"environment\":\"staging\",\"config\":{"
            + "\"websocket_connection_timeout\":\"360\",\"websocket_heartbeat_interval\":\"15\","
            + "\"websocket_heartbeat_timeout\":\"45\",\"websocket_cleanup_interval\":\"120\","
            + "\"websocket_connect_timeout\":\"10\",\"websocket_handshake_timeout\":\"15\","
            + "\"websocket_ping_timeout\":\"5\",\"websocket_close_timeout\":\"10\"}}";

    /** The welcome, sent on connect. */
    public static final String WELCOME = "{\"type\":\"system_message\",\"data\":{\"event\":\"connection_established\","
            + "\"connection_id\":\"conn_8f3a91c2d4e5\",\"user_id\":\"bench-user\",\"server_time\":\"2025-11-21T13:40:00.123456Z\","
            + "\"connection_ready\":true,\"environment\":\"staging\",\"config\":{\"heartbeat_interval\":15,"
            + "\"max_message_size\":1048576}},\"timestamp\":1763732400.123456}";

    /** The answer to any other message. */
    public static final String REPLY = "{\"type\":\"ack\",\"received_type\":\"message\",\"status\":\"acknowledged\","
            + "\"user_id\":\"bench-user\",\"timestamp\":1763732400.123456}";

    /** A JWT-shaped token as long as one understudy mints, for peers, which check none. */
    public static final String FIXED_TOKEN = "eyJhbGciOiJIUzI1NiJ9."
            + "eyJpc3MiOiJuZXRyYS1hdXRoLXNlcnZpY2UiLCJzdWIiOiJiZW5jaC11c2VyIiwiZW1haWwiOiJiZW5jaC11c2VyQGV4YW1wbGUuY29tIiwi"
            + "cGVybWlzc2lvbnMiOlsicmVhZCIsIndyaXRlIl0sInR5cGUiOiJhY2Nlc3MiLCJpYXQiOjE3NjM3MzI0MDAsImV4cCI6MTc2MzczNjAwMH0."
            + "c2lnbmF0dXJlLW9mLWEtZml4ZWQtYmVuY2gtdG9rZW4tMDEyMw";

    private static final String STREAM = "stream ";

    private PeerFrames() {
    }

    /** A stream request: {@code count} frames of {@code size} characters, the last an {@code agent_completed}. */
    public record Stream(int count, int size) {
        public Stream {
            if (count < 1 || size < 1) {
                throw new IllegalArgumentException("stream: expected a count and a size of at least 1, got " + count + " " + size);
            }
        }

        /** A partial result, padded to the size. */
        public String partial() {
            return frame("partial_result", size);
        }

        /** The run's last frame, padded to the size. */
        public String completed() {
            return frame("agent_completed", size);
        }
    }

    /** The stream request {@code text} is, or null when it is any other message. */
    public static Stream stream(String text) {
        if (!text.startsWith(STREAM)) {
            return null;
        }
        String[] parts = text.substring(STREAM.length()).trim().split(" ");
        return new Stream(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** The text that asks a peer for a stream. */
    public static String streamRequest(int count, int size) {
        return STREAM + count + " " + size;
    }

    /** An event frame with the contract's flat envelope, its content padded so the whole is {@code size} chars. */
    static String frame(String type, int size) {
        String head = "{\"type\":\"" + type + "\",\"timestamp\":1763732400.123456,\"critical\":false,"
                + "\"user_id\":\"bench-user\",\"thread_id\":\"thread_8f3a91c2d4e5\",\"run_id\":\"run_8f3a91c2d4e5\","
                + "\"agent_name\":\"bench_agent\",\"event\":\"" + type + "\",\"content\":\"";
        String tail = "\"}";
        int pad = Math.max(0, size - head.length() - tail.length());
        return head + "x".repeat(pad) + tail;
    }
}
