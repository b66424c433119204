package dev.understudy.mock.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;

/** Builds the server-to-client frames of CONTRACT.md §3, each one JSON object with {@code type} and {@code timestamp}. */
public final class Frames {

    private Frames() {
    }

    static ObjectNode typed(String type) {
        ObjectNode frame = Json.object();
        frame.put("type", type);
        return frame;
    }

    /** The welcome, in either form. */
    public static ObjectNode welcome(WelcomeForm form, String connectionId, String userId, WebSocketSettings settings) {
        ObjectNode frame = typed(form.wireName());
        ObjectNode data = frame.putObject("data");
        data.put("event", "connection_established");
        data.put("connection_id", connectionId);
        data.put("user_id", userId);
        // microseconds, as Python's isoformat() writes them: fromisoformat() before 3.11 rejects nine digits
        data.put("server_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC)));
        data.put("connection_ready", true);
        data.put("environment", "staging");
        ObjectNode config = data.putObject("config");
        config.putPOJO("heartbeat_interval", WebSocketSettings.secondsNumber(settings.heartbeatInterval()));
        config.put("max_message_size", settings.maxMessageSize());
        frame.put("timestamp", Times.epochSeconds());
        return frame;
    }

    /** The answer to {@code {"type":"ping"}}. */
    public static ObjectNode pong(String userId) {
        ObjectNode frame = typed("pong");
        java.math.BigDecimal now = Times.epochSeconds();
        ObjectNode data = frame.putObject("data");
        data.put("timestamp", now);
        data.put("user_id", userId);
        frame.put("timestamp", now);
        return frame;
    }

    /** The answer to {@code {"type":"heartbeat"}}. */
    public static ObjectNode heartbeatAck() {
        ObjectNode frame = typed("heartbeat_ack");
        frame.put("timestamp", Times.epochSeconds());
        return frame;
    }

    /** Sent after the heartbeat interval of client silence. */
    public static ObjectNode heartbeat(String connectionId) {
        ObjectNode frame = typed("heartbeat");
        frame.putObject("data").put("connection_id", connectionId);
        frame.put("timestamp", Times.epochSeconds());
        return frame;
    }

    /** An {@code error_message} frame. */
    public static ObjectNode error(String code, String message) {
        ObjectNode frame = typed("error_message");
        frame.put("error_code", code);
        frame.put("error_message", message);
        frame.put("timestamp", Times.epochSeconds());
        return frame;
    }

    /** The acknowledgement of a type the server does not know. */
    public static ObjectNode ack(String receivedType, String userId) {
        ObjectNode frame = typed("ack");
        frame.put("received_type", receivedType);
        frame.put("status", "acknowledged");
        frame.put("user_id", userId);
        frame.put("timestamp", Times.epochSeconds());
        return frame;
    }
}
