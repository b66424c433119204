package dev.understudy.mock.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing the server does wrong on purpose, at one {@link Phase} of a connection (FAULTS.md); an immutable
 * value made by the static factories, e.g. {@code Fault.status(503)} or {@code Fault.omit("tool_completed")}.
 */
public sealed interface Fault {

    /** Where the fault strikes. */
    Phase phase();

    /** The name used in JSON, flags and presets ({@code status}, {@code no-welcome}, ...). */
    String kind();

    /** A fault that names the event type it acts on. */
    interface OnEvent {
        /** The event type. */
        String event();
    }

    /** A fault that waits. */
    interface Timed {
        /** How long. */
        Duration delay();
    }

    // ---- TCP connect ----

    /** Nothing listens on the public port while this is on: clients get "connection refused". */
    static Fault refuse() {
        return new Refuse();
    }

    /** Connections are accepted and then nothing is ever read or written. */
    static Fault blackhole() {
        return new Blackhole();
    }

    /** Connections are accepted, then reset (RST). */
    static Fault reset() {
        return new Reset();
    }

    // ---- HTTP request ----

    /** Answers with this status and {@code {"detail":"<reason phrase>"}}. */
    static Fault status(int code) {
        return new Status(code, null);
    }

    /** Answers with this status and body (sent as JSON when it parses as JSON, else as text). */
    static Fault status(int code, String body) {
        return new Status(code, body);
    }

    /** Waits, then answers normally. */
    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    /** Reads the request and never answers. */
    static Fault hang() {
        return new Hang();
    }

    /** Closes the connection without answering. */
    static Fault closeConnection() {
        return new CloseConnection();
    }

    /** Health answers 200 without its {@code config} block (a deployment that lacks the settings). */
    static Fault noHealthConfig() {
        return new NoHealthConfig();
    }

    // ---- after the 101 ----

    /** The socket opens and stays silent: no welcome, no answers, no heartbeat. */
    static Fault noWelcome() {
        return new NoWelcome();
    }

    /** The welcome comes after this pause. */
    static Fault delayWelcome(Duration delay) {
        return new DelayWelcome(delay);
    }

    /** The socket is closed with this code and reason right after the upgrade. */
    static Fault close(int code, String reason) {
        return new CloseSocket(code, reason);
    }

    /** The TCP connection is closed with no close frame right after the upgrade: the client sees 1006. */
    static Fault drop() {
        return new Drop();
    }

    // ---- during a run ----

    /** After the first event of this type, nothing more is sent; the socket stays open. */
    static Fault stallAfter(String eventType) {
        return new StallAfter(eventType);
    }

    /** Events of this type are left out; the run goes on. */
    static Fault omit(String eventType) {
        return new Omit(eventType);
    }

    /** Events of this type are sent twice. */
    static Fault duplicate(String eventType) {
        return new Duplicate(eventType);
    }

    /** The first events of these two types trade places. */
    static Fault reorder(String first, String second) {
        return new Reorder(first, second);
    }

    /** Events of this type come this much later. */
    static Fault delayEvent(String eventType, Duration delay) {
        return new DelayEvent(eventType, delay);
    }

    /** Events of this type are replaced by a text frame that is not valid JSON. */
    static Fault malformed(String eventType) {
        return new Malformed(eventType);
    }

    /** The run ends with {@code agent_error} carrying this code instead of {@code agent_completed}. */
    static Fault failRun(String errorCode) {
        return new FailRun(errorCode);
    }

    /** After the first event of this type the socket is closed with this code. */
    static Fault closeAfter(String eventType, int code) {
        return new CloseAfter(eventType, code);
    }

    /** After the first event of this type the TCP connection is closed with no close frame. */
    static Fault dropAfter(String eventType) {
        return new DropAfter(eventType);
    }

    // ---- keep-alive ----

    /** Pings get no pong. */
    static Fault noPong() {
        return new NoPong();
    }

    /** Pongs come after this pause. */
    static Fault slowPong(Duration delay) {
        return new SlowPong(delay);
    }

    // ---- the values ----

    /** See {@link Fault#refuse()}. */
    record Refuse() implements Fault {
        public Phase phase() { return Phase.TCP_CONNECT; }
        public String kind() { return "refuse"; }
    }

    /** See {@link Fault#blackhole()}. */
    record Blackhole() implements Fault {
        public Phase phase() { return Phase.TCP_CONNECT; }
        public String kind() { return "blackhole"; }
    }

    /** See {@link Fault#reset()}. */
    record Reset() implements Fault {
        public Phase phase() { return Phase.TCP_CONNECT; }
        public String kind() { return "reset"; }
    }

    /** See {@link Fault#status(int, String)}; {@code body} null means the default {@code detail} body. */
    record Status(int code, String body) implements Fault {
        public Status {
            if (code < 100 || code > 599 || code == 101) {
                throw new IllegalArgumentException("code: expected an HTTP status 100-599 other than 101, got " + code);
            }
        }
        public Phase phase() { return Phase.HTTP_REQUEST; }
        public String kind() { return "status"; }
    }

    /** See {@link Fault#delay(Duration)}. */
    record Delay(Duration delay) implements Fault, Timed {
        public Delay { requirePositive("delay", delay); }
        public Phase phase() { return Phase.HTTP_REQUEST; }
        public String kind() { return "delay"; }
    }

    /** See {@link Fault#hang()}. */
    record Hang() implements Fault {
        public Phase phase() { return Phase.HTTP_REQUEST; }
        public String kind() { return "hang"; }
    }

    /** See {@link Fault#closeConnection()}. */
    record CloseConnection() implements Fault {
        public Phase phase() { return Phase.HTTP_REQUEST; }
        public String kind() { return "close-connection"; }
    }

    /** See {@link Fault#noHealthConfig()}. */
    record NoHealthConfig() implements Fault {
        public Phase phase() { return Phase.HTTP_REQUEST; }
        public String kind() { return "no-config"; }
    }

    /** See {@link Fault#noWelcome()}. */
    record NoWelcome() implements Fault {
        public Phase phase() { return Phase.AFTER_UPGRADE; }
        public String kind() { return "no-welcome"; }
    }

    /** See {@link Fault#delayWelcome(Duration)}. */
    record DelayWelcome(Duration delay) implements Fault, Timed {
        public DelayWelcome { requirePositive("delay", delay); }
        public Phase phase() { return Phase.AFTER_UPGRADE; }
        public String kind() { return "delay-welcome"; }
    }

    /** See {@link Fault#close(int, String)}. */
    record CloseSocket(int code, String reason) implements Fault {
        public CloseSocket {
            requireCloseCode(code);
            reason = reason == null ? "" : reason;
        }
        public Phase phase() { return Phase.AFTER_UPGRADE; }
        public String kind() { return "close"; }
    }

    /** See {@link Fault#drop()}. */
    record Drop() implements Fault {
        public Phase phase() { return Phase.AFTER_UPGRADE; }
        public String kind() { return "drop"; }
    }

    /** See {@link Fault#stallAfter(String)}. */
    record StallAfter(String event) implements Fault, OnEvent {
        public StallAfter { requireEvent(event); }
        public Phase phase() { return Phase.RUN; }
        public String kind() { return "stall-after"; }
    }

    /** See {@link Fault#omit(String)}. */
    record Omit(String event) implements Fault, OnEvent {
        public Omit { requireEvent(event); }
        public Phase phase() { return Phase.RUN; }
        public String kind() { return "omit"; }
    }

    /** See {@link Fault#duplicate(String)}. */
    record Duplicate(String event) implements Fault, OnEvent {
        public Duplicate { requireEvent(event); }
        public Phase phase() { return Phase.RUN; }
        public String kind() { return "duplicate"; }
    }

    /** See {@link Fault#reorder(String, String)}. */
    record Reorder(String first, String second) implements Fault {
        public Reorder {
            requireEvent(first);
            requireEvent(second);
            if (first.equals(second)) {
                throw new IllegalArgumentException("second: expected an event type other than first ('" + first + "')");
            }
        }
        public Phase phase() { return Phase.RUN; }
        public String kind() { return "reorder"; }
    }

    /** See {@link Fault#delayEvent(String, Duration)}. */
    record DelayEvent(String event, Duration delay) implements Fault, OnEvent, Timed {
        public DelayEvent {
            requireEvent(event);
            requirePositive("delay", delay);
        }
        public Phase phase() { return Phase.RUN; }
        public String kind() { return "delay-event"; }
    }

    /** See {@link Fault#malformed(String)}. */
    record Malformed(String event) implements Fault, OnEvent {
        public Malformed { requireEvent(event); }
        public Phase phase() { return Phase.RUN; }
        public String kind() { return "malformed"; }
    }

    /** See {@link Fault#failRun(String)}. */
    record FailRun(String errorCode) implements Fault {
        public FailRun {
            if (errorCode == null || errorCode.isBlank()) {
                throw new IllegalArgumentException("error_code: expected a code such as AGENT_FAILED, got none");
            }
        }
        public Phase phase() { return Phase.RUN; }
        public String kind() { return "fail-run"; }
    }

    /** See {@link Fault#closeAfter(String, int)}. */
    record CloseAfter(String event, int code) implements Fault, OnEvent {
        public CloseAfter {
            requireEvent(event);
            requireCloseCode(code);
        }
        public Phase phase() { return Phase.RUN; }
        public String kind() { return "close-after"; }
    }

    /** See {@link Fault#dropAfter(String)}. */
    record DropAfter(String event) implements Fault, OnEvent {
        public DropAfter { requireEvent(event); }
        public Phase phase() { return Phase.RUN; }
        public String kind() { return "drop-after"; }
    }

    /** See {@link Fault#noPong()}. */
    record NoPong() implements Fault {
        public Phase phase() { return Phase.KEEP_ALIVE; }
        public String kind() { return "no-pong"; }
    }

    /** See {@link Fault#slowPong(Duration)}. */
    record SlowPong(Duration delay) implements Fault, Timed {
        public SlowPong { requirePositive("delay", delay); }
        public Phase phase() { return Phase.KEEP_ALIVE; }
        public String kind() { return "slow-pong"; }
    }

    private static void requirePositive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": expected a positive duration, got " + d);
        }
    }

    private static void requireEvent(String event) {
        if (event == null || !Events.TYPES.contains(event)) {
            throw new IllegalArgumentException("event: expected one of " + Events.TYPES + ", got " + (event == null ? "none" : "'" + event + "'"));
        }
    }

    private static void requireCloseCode(int code) {
        if (code < 1000 || code > 4999 || code == 1004 || code == 1005 || code == 1006 || code == 1015) {
            throw new IllegalArgumentException("code: expected a close code that can be sent (1000-4999 but 1004-1006 and 1015), got " + code);
        }
    }

    /** The event types run faults can name. */
    final class Events {
        static final java.util.Set<String> TYPES = java.util.Set.of("agent_started", "agent_thinking", "partial_result",
                "tool_executing", "tool_completed", "agent_completed", "agent_error");

        private Events() {
        }
    }
}
