package dev.understudy.mock.internal.ws;

import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;
import dev.understudy.mock.internal.JsonStream;
import dev.understudy.mock.internal.Times;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Builds the server-to-client frames of docs/contract.md §3 as text, each one JSON object with {@code type} and
 * {@code timestamp}, written with Jackson's streaming layer (no trees on the hot path).
 */
public final class Frames {

    private Frames() {
    }

    /** The welcome, in either form. */
    public static String welcome(WelcomeForm form, String connectionId, String userId, WebSocketSettings settings) {
        // microseconds, as Python's isoformat() writes them: fromisoformat() before 3.11 rejects nine digits
        String serverTime = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        return JsonStream.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", form.wireName());
            g.writeObjectFieldStart("data");
            g.writeStringField("event", "connection_established");
            g.writeStringField("connection_id", connectionId);
            g.writeStringField("user_id", userId);
            g.writeStringField("server_time", serverTime);
            g.writeBooleanField("connection_ready", true);
            g.writeStringField("environment", "staging");
            g.writeObjectFieldStart("config");
            g.writeFieldName("heartbeat_interval");
            g.writeNumber(WebSocketSettings.secondsNumber(settings.heartbeatInterval()).toString());
            g.writeNumberField("max_message_size", settings.maxMessageSize());
            g.writeEndObject();
            g.writeEndObject();
            g.writeFieldName("timestamp");
            g.writeNumber(Times.epochSecondsText());
            g.writeEndObject();
        });
    }

    /** The answer to {@code {"type":"ping"}}. */
    public static String pong(String userId) {
        String now = Times.epochSecondsText();
        return JsonStream.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "pong");
            g.writeObjectFieldStart("data");
            g.writeFieldName("timestamp");
            g.writeNumber(now);
            g.writeStringField("user_id", userId);
            g.writeEndObject();
            g.writeFieldName("timestamp");
            g.writeNumber(now);
            g.writeEndObject();
        });
    }

    /** The answer to {@code {"type":"heartbeat"}}. */
    public static String heartbeatAck() {
        return "{\"type\":\"heartbeat_ack\",\"timestamp\":" + Times.epochSecondsText() + "}";
    }

    /** Sent after the heartbeat interval of client silence. */
    public static String heartbeat(String connectionId) {
        return JsonStream.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "heartbeat");
            g.writeObjectFieldStart("data");
            g.writeStringField("connection_id", connectionId);
            g.writeEndObject();
            g.writeFieldName("timestamp");
            g.writeNumber(Times.epochSecondsText());
            g.writeEndObject();
        });
    }

    /** An {@code error_message} frame. */
    public static String error(String code, String message) {
        return JsonStream.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "error_message");
            g.writeStringField("error_code", code);
            g.writeStringField("error_message", message);
            g.writeFieldName("timestamp");
            g.writeNumber(Times.epochSecondsText());
            g.writeEndObject();
        });
    }

    /** The acknowledgement of a type the server does not know. */
    public static String ack(String receivedType, String userId) {
        return JsonStream.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "ack");
            g.writeStringField("received_type", receivedType);
            g.writeStringField("status", "acknowledged");
            g.writeStringField("user_id", userId);
            g.writeFieldName("timestamp");
            g.writeNumber(Times.epochSecondsText());
            g.writeEndObject();
        });
    }
}
