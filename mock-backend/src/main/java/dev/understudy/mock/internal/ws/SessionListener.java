package dev.understudy.mock.internal.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.KeepAliveFault;
import dev.understudy.mock.fault.Phase;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.fault.FaultEngine;
import dev.understudy.mock.internal.run.RunPlayer;
import dev.understudy.mock.journal.ConnectionLog;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Answers the client's frames on one socket (docs/contract.md §3): ping, heartbeat, runs, acks, and errors that
 * leave the socket open.
 */
public final class SessionListener extends AbstractReceiveListener {

    /** Reads one JSON value and fails on anything after it. */
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final WebSocketSettings settings;
    private final FaultEngine engine;
    private final RunPlayer runs;
    private final Connection conn;
    /** Set once the connection is being failed (1002, 1009): nothing more is read. */
    private boolean failed;
    /** The data message being read, until it is complete. IO thread only. */
    private StreamSourceFrameChannel reading;

    public SessionListener(WebSocketSettings settings, FaultEngine engine, RunPlayer runs, Connection conn) {
        this.settings = settings;
        this.engine = engine;
        this.runs = runs;
        this.conn = conn;
    }

    @Override
    protected long getMaxTextBufferSize() {
        // the stream limit of onText already stops a message whose frames announce more than the limit
        return settings.maxMessageSize();
    }

    @Override
    protected long getMaxBinaryBufferSize() {
        return settings.maxMessageSize();
    }

    /**
     * Undertow's frame parser throws on input a client chose (a 64-bit length with its top bit set makes
     * {@code IllegalArgumentException: newLimit < 0}); escaping, that would be logged by XNIO as an error and leave
     * the connection held forever. RFC 6455 §7.1.7: fail the connection, 1002.
     *
     * <p>Each frame header is parsed here too: a continuation whose header takes its message past the limit makes
     * Undertow close that message's stream (see {@link #onText}), which this sees as the 1009.
     */
    @Override
    public void handleEvent(WebSocketChannel channel) {
        if (failed) {
            channel.suspendReceives();
            return;
        }
        try {
            super.handleEvent(channel);
        } catch (RuntimeException e) {
            fail(channel, Close.PROTOCOL_ERROR, "Protocol error: malformed frame");
            return;
        }
        StreamSourceFrameChannel message = reading;
        if (message != null && !failed && cutShort(message)) {
            tooBig(channel);
        }
    }

    /**
     * A data message is limited from its headers, before a byte of its payload is buffered: the stream's limit is
     * checked against the announced length of the first frame, then against the running total of its continuations
     * as each header comes (Undertow closes the stream past it).
     */
    @Override
    protected void onText(WebSocketChannel channel, StreamSourceFrameChannel message) throws IOException {
        if (limit(channel, message)) {
            super.onText(channel, message);
        }
    }

    @Override
    protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel message) throws IOException {
        if (limit(channel, message)) {
            super.onBinary(channel, message);
        }
    }

    private boolean limit(WebSocketChannel channel, StreamSourceFrameChannel message) {
        reading = message;
        message.setMaxStreamSize(settings.maxMessageSize());
        if (cutShort(message)) {
            tooBig(channel);
            return false;
        }
        return true;
    }

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    /**
     * Whether Undertow closed a message's stream before its end: for its size, the one reason it closes a stream
     * on an open socket. A stream that ended (an empty frame is closed as soon as it is made) reads -1; one cut
     * short reads 0 into an empty buffer, which touches nothing.
     */
    private static boolean cutShort(StreamSourceFrameChannel message) {
        if (message.isOpen()) {
            return false;
        }
        try {
            return message.read(NOTHING) == 0;
        } catch (IOException e) {
            return true;
        }
    }

    private void tooBig(WebSocketChannel channel) {
        fail(channel, Close.TOO_BIG, "Message too big");
    }

    /** Stops reading and fails the connection: a close frame, then the TCP connection is cut. */
    private void fail(WebSocketChannel channel, int code, String reason) {
        failed = true;
        reading = null;
        channel.suspendReceives();
        conn.fail(code, reason);
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        if (failed) {
            return;
        }
        super.onError(channel, error);
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
        reading = null;
        conn.touch();
        String text = message.getData();
        conn.journal().in(text);
        if (tooBig(text)) {
            conn.close(Close.TOO_BIG, "Message too big");
            return;
        }
        JsonNode frame;
        try {
            // the whole frame must be one JSON value: trailing tokens ({"type":"ping"} x, two objects, a stray ]) fail
            frame = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            conn.send(Frames.error("JSON_PARSE_ERROR", "Invalid JSON: " + e.getOriginalMessage()));
            return;
        }
        if (frame == null || frame.isMissingNode()) {
            conn.send(Frames.error("JSON_PARSE_ERROR", "Invalid JSON: the frame holds no JSON value"));
            return;
        }
        if (!frame.isObject()) {
            conn.send(Frames.error("INVALID_MESSAGE", "Expected a JSON object, got "
                    + frame.getNodeType().toString().toLowerCase()));
            return;
        }
        JsonNode type = frame.get("type");
        if (type == null || !type.isTextual()) {
            conn.send(Frames.error("INVALID_MESSAGE", "Expected a string field 'type', got "
                    + (type == null ? "none" : type.toString())));
            return;
        }
        dispatch(type.asText(), frame);
    }

    private void dispatch(String type, JsonNode frame) {
        switch (type) {
            case "ping" -> pong(() -> conn.send(Frames.pong(conn.userId())));
            case "heartbeat" -> conn.send(Frames.heartbeatAck());
            default -> {
                if (RunPlayer.RUN_TYPES.contains(type)) {
                    runs.start(conn, frame);
                } else {
                    conn.send(Frames.ack(type, conn.userId()));
                }
            }
        }
    }

    /** Answers a ping unless a keep-alive fault says otherwise. */
    private void pong(Runnable answer) {
        if (conn.isSilent()) {
            return;
        }
        Fault fault = engine.armed(Phase.KEEP_ALIVE) ? engine.decide(Phase.KEEP_ALIVE, conn.path(), conn.userId()) : null;
        if (fault == null) {
            answer.run();
            return;
        }
        conn.journal().fault(fault, null);
        // the engine files a rule under its fault's phase, and every KEEP_ALIVE fault is a KeepAliveFault
        ((KeepAliveFault) fault).apply(new KeepAliveFault.Injector() {
            @Override
            public void noPong() {
            }

            @Override
            public void slowPong(Fault.SlowPong slow) {
                conn.after(slow.delay().toMillis(), answer);
            }
        });
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
        conn.journal().ended(ConnectionLog.Ending.CLOSED_BY_CLIENT, message.getCode(), message.getReason());
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        reading = null;
        conn.touch();
        message.getData().free();
        conn.close(Close.UNSUPPORTED_DATA, "Unsupported data");
    }

    @Override
    protected void onFullPingMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws java.io.IOException {
        conn.touch();
        // a WebSocket-level ping is a keep-alive too: the same faults apply to its pong
        java.nio.ByteBuffer[] payload = message.getData().getResource();
        java.nio.ByteBuffer copy = io.undertow.websockets.core.WebSockets.mergeBuffers(payload);
        message.getData().free();
        pong(() -> conn.sendPong(copy));
    }

    private boolean tooBig(String text) {
        int max = settings.maxMessageSize();
        // a char is at most 3 UTF-8 bytes: only encode when the cheap bound can't decide
        return (long) text.length() * 3 > max && text.getBytes(StandardCharsets.UTF_8).length > max;
    }
}
