package dev.understudy.mock;

import dev.understudy.fixtures.Fixtures;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The WebSocket timeouts a deployment runs with: one set feeds {@code /health}'s {@code config},
 * {@code /ws/config}, the welcome frame and the server's own behaviour (docs/contract.md §1).
 *
 * <p>The defaults are the fixture {@code health/websocket-config.json} (staging's values). Build other
 * values with {@link #toBuilder()}; durations may be fractional seconds, which keeps idle-heartbeat tests short.
 */
public record WebSocketSettings(
        Duration connectionTimeout,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration cleanupInterval,
        Duration connectTimeout,
        Duration handshakeTimeout,
        Duration pingTimeout,
        Duration closeTimeout,
        int maxMessageSize) {

    /** Staging's message size cap, 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1_048_576;

    public WebSocketSettings {
        requirePositive("websocket_connection_timeout", connectionTimeout);
        requirePositive("websocket_heartbeat_interval", heartbeatInterval);
        requirePositive("websocket_heartbeat_timeout", heartbeatTimeout);
        requirePositive("websocket_cleanup_interval", cleanupInterval);
        requirePositive("websocket_connect_timeout", connectTimeout);
        requirePositive("websocket_handshake_timeout", handshakeTimeout);
        requirePositive("websocket_ping_timeout", pingTimeout);
        requirePositive("websocket_close_timeout", closeTimeout);
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("max_message_size: expected a positive number of bytes, got " + maxMessageSize);
        }
    }

    /** Staging's settings, read from the fixture {@code health/websocket-config.json}. */
    public static WebSocketSettings defaults() {
        return Defaults.VALUE;
    }

    /**
     * Reads settings from a JSON object shaped like {@code /health}'s {@code config} block (values as strings
     * or numbers of seconds); keys it lacks keep their defaults.
     */
    public static WebSocketSettings fromConfigJson(String json) {
        return parse(json, new Builder(defaults()));
    }

    private static WebSocketSettings parse(String json, Builder b) {
        Map<String, String> node = Bridge.flatObject(json, "websocket settings");
        b.connectionTimeout = seconds(node, "websocket_connection_timeout", b.connectionTimeout);
        b.heartbeatInterval = seconds(node, "websocket_heartbeat_interval", b.heartbeatInterval);
        b.heartbeatTimeout = seconds(node, "websocket_heartbeat_timeout", b.heartbeatTimeout);
        b.cleanupInterval = seconds(node, "websocket_cleanup_interval", b.cleanupInterval);
        b.connectTimeout = seconds(node, "websocket_connect_timeout", b.connectTimeout);
        b.handshakeTimeout = seconds(node, "websocket_handshake_timeout", b.handshakeTimeout);
        b.pingTimeout = seconds(node, "websocket_ping_timeout", b.pingTimeout);
        b.closeTimeout = seconds(node, "websocket_close_timeout", b.closeTimeout);
        String max = node.get("max_message_size");
        if (max != null) {
            try {
                b.maxMessageSize = Integer.parseInt(max.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("max_message_size: expected a whole number of bytes, got \"" + max + "\"");
            }
        }
        return b.build();
    }

    /** The {@code config} block of {@code /health}: every value as a string of seconds, as the deployment sets them. */
    public Map<String, String> healthConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("websocket_connection_timeout", secondsText(connectionTimeout));
        config.put("websocket_heartbeat_interval", secondsText(heartbeatInterval));
        config.put("websocket_heartbeat_timeout", secondsText(heartbeatTimeout));
        config.put("websocket_cleanup_interval", secondsText(cleanupInterval));
        config.put("websocket_connect_timeout", secondsText(connectTimeout));
        config.put("websocket_handshake_timeout", secondsText(handshakeTimeout));
        config.put("websocket_ping_timeout", secondsText(pingTimeout));
        config.put("websocket_close_timeout", secondsText(closeTimeout));
        return config;
    }

    /** A duration as a JSON number of seconds: an integer when whole ({@code 15}), else a decimal ({@code 0.2}). */
    public static Number secondsNumber(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.toNanos()).movePointLeft(9).stripTrailingZeros();
        return s.scale() <= 0 ? (Number) s.longValueExact() : (Number) s.doubleValue();
    }

    static String secondsText(Duration d) {
        return secondsNumber(d).toString();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    private static Duration seconds(Map<String, String> node, String key, Duration fallback) {
        String v = node.get(key);
        if (v == null) {
            return fallback;
        }
        String text = v.strip();
        try {
            BigDecimal secs = new BigDecimal(text);
            return Duration.ofNanos(secs.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(key + ": expected a number of seconds such as \"15\", got \"" + text + "\"");
        }
    }

    private static void requirePositive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": expected a positive duration, got " + d);
        }
    }

    /** Builds {@link WebSocketSettings}. */
    public static final class Builder {
        private Duration connectionTimeout;
        private Duration heartbeatInterval;
        private Duration heartbeatTimeout;
        private Duration cleanupInterval;
        private Duration connectTimeout;
        private Duration handshakeTimeout;
        private Duration pingTimeout;
        private Duration closeTimeout;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

        private Builder(WebSocketSettings from) {
            if (from != null) {
                connectionTimeout = from.connectionTimeout;
                heartbeatInterval = from.heartbeatInterval;
                heartbeatTimeout = from.heartbeatTimeout;
                cleanupInterval = from.cleanupInterval;
                connectTimeout = from.connectTimeout;
                handshakeTimeout = from.handshakeTimeout;
                pingTimeout = from.pingTimeout;
                closeTimeout = from.closeTimeout;
                maxMessageSize = from.maxMessageSize;
            }
        }

        public Builder connectionTimeout(Duration d) { this.connectionTimeout = d; return this; }
        /** Client silence after which the server sends a {@code heartbeat} frame. */
        public Builder heartbeatInterval(Duration d) { this.heartbeatInterval = d; return this; }
        public Builder heartbeatTimeout(Duration d) { this.heartbeatTimeout = d; return this; }
        public Builder cleanupInterval(Duration d) { this.cleanupInterval = d; return this; }
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        public Builder handshakeTimeout(Duration d) { this.handshakeTimeout = d; return this; }
        public Builder pingTimeout(Duration d) { this.pingTimeout = d; return this; }
        public Builder closeTimeout(Duration d) { this.closeTimeout = d; return this; }
        /** Largest client text frame, in bytes; a larger one is closed with 1009. */
        public Builder maxMessageSize(int bytes) { this.maxMessageSize = bytes; return this; }

        public WebSocketSettings build() {
            return new WebSocketSettings(connectionTimeout, heartbeatInterval, heartbeatTimeout, cleanupInterval,
                    connectTimeout, handshakeTimeout, pingTimeout, closeTimeout, maxMessageSize);
        }
    }

    private static final class Defaults {
        static final WebSocketSettings VALUE =
                parse(Fixtures.text(Fixtures.HEALTH, "websocket-config.json"), new Builder(null));
    }
}
