package dev.understudy.mock.internal.ws;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;
import dev.understudy.mock.internal.JsonStream;
import dev.understudy.mock.internal.Times;

import java.time.Instant;

/**
 * Builds the server-to-client frames of docs/contract.md §3 as text, each one JSON object with {@code type} and
 * {@code timestamp}, written with Jackson's streaming layer (no trees on the hot path).
 */
public final class Frames {

    private Frames() {
    }

    /** The welcome, in either form. */
    public static String welcome(WelcomeForm form, String connectionId, String userId, WebSocketSettings settings) {
        Instant now = Instant.now();
        return welcome(form, connectionId, userId, settings, Times.isoMicros(now), Times.epochSecondsText(now));
    }


    private static String welcome(WelcomeForm form, String connectionId, String userId, WebSocketSettings settings,
                                  String serverTime, String timestamp) {
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
            g.writeNumber(timestamp);
            g.writeEndObject();
        });
    }

    /**
     * The welcome of one server, whose form and settings never change, rendered once with the generator and then
     * filled in per socket (a connect is one of the published figures); byte for byte what {@link #welcome} writes.
     */
    public static final class Welcome {
        private static final String ID = "\\u0001";
        private static final String USER = "\\u0002";
        private static final String TIME = "\\u0003";
        private static final String STAMP = "-1}";

        private final String beforeId;
        private final String beforeUser;
        private final String beforeTime;
        private final String beforeStamp;

        public Welcome(WelcomeForm form, WebSocketSettings settings) {
            String t = welcome(form, "\u0001", "\u0002", settings, "\u0003", "-1");
            int id = t.indexOf(ID);
            int user = t.indexOf(USER);
            int time = t.indexOf(TIME);
            if (id < 0 || user < id || time < user || !t.endsWith(STAMP)) {
                throw new IllegalStateException("welcome template out of order: " + t);
            }
            beforeId = t.substring(0, id);
            beforeUser = t.substring(id + ID.length(), user);
            beforeTime = t.substring(user + USER.length(), time);
            beforeStamp = t.substring(time + TIME.length(), t.length() - STAMP.length());
        }

        /** The welcome for one socket, now. */
        public String render(String connectionId, String userId) {
            // microseconds, as Python's isoformat() writes them: fromisoformat() before 3.11 rejects nine digits
            Instant now = Instant.now();
            return render(connectionId, userId, Times.isoMicros(now), Times.epochSecondsText(now));
        }

        String render(String connectionId, String userId, String serverTime, String timestamp) {
            JsonStringEncoder enc = JsonStringEncoder.getInstance();
            return new StringBuilder(beforeId.length() + beforeStamp.length() + 160)
                    .append(beforeId).append(enc.quoteAsString(connectionId))
                    .append(beforeUser).append(enc.quoteAsString(userId))
                    .append(beforeTime).append(serverTime)
                    .append(beforeStamp).append(timestamp).append('}').toString();
        }

        /** The generator's rendering, for the test that holds the two equal. */
        static String reference(WelcomeForm form, String connectionId, String userId, WebSocketSettings settings,
                                String serverTime, String timestamp) {
            return welcome(form, connectionId, userId, settings, serverTime, timestamp);
        }
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
