package dev.understudy.mock.internal.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.undertow.websockets.core.WebSocketChannel;

import java.nio.charset.StandardCharsets;

/**
 * Answers the client's frames on one socket (docs/contract.md §3): ping, heartbeat, runs, acks, and errors that
 * leave the socket open.
 */
public final class SessionListener extends AbstractReceiveListener {

    private final WebSocketSettings settings;
    private final FaultEngine engine;
    private final RunPlayer runs;
    private final Connection conn;

    public SessionListener(WebSocketSettings settings, FaultEngine engine, RunPlayer runs, Connection conn) {
        this.settings = settings;
        this.engine = engine;
        this.runs = runs;
        this.conn = conn;
    }

    @Override
    protected long getMaxTextBufferSize() {
        // Past this Undertow itself closes with 1009; below it, onFullTextMessage applies the exact limit.
        return 4L * settings.maxMessageSize();
    }

    @Override
    protected long getMaxBinaryBufferSize() {
        return 4L * settings.maxMessageSize();
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
        conn.touch();
        String text = message.getData();
        conn.journal().in(text);
        if (tooBig(text)) {
            conn.close(Close.TOO_BIG, "Message too big");
            return;
        }
        JsonNode frame;
        try {
            frame = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            conn.send(Frames.error("JSON_PARSE_ERROR", "Invalid JSON: " + e.getOriginalMessage()));
            return;
        }
        if (frame == null || !frame.isObject()) {
            conn.send(Frames.error("INVALID_MESSAGE", "Expected a JSON object, got "
                    + (frame == null ? "nothing" : frame.getNodeType().toString().toLowerCase())));
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
        pong(() -> io.undertow.websockets.core.WebSockets.sendPong(copy, channel, null));
    }

    private boolean tooBig(String text) {
        int max = settings.maxMessageSize();
        // a char is at most 3 UTF-8 bytes: only encode when the cheap bound can't decide
        return (long) text.length() * 3 > max && text.getBytes(StandardCharsets.UTF_8).length > max;
    }
}
