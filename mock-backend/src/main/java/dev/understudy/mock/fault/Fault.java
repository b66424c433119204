package dev.understudy.mock.fault;

import dev.understudy.mock.EventType;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing the server does wrong on purpose, at one {@link Phase} of a connection (docs/faults.md); an immutable
 * value made by the static factories, e.g. {@code Fault.status(503)} or {@code Fault.omit("tool_completed")}.
 *
 * <p>Faults are sealed by phase ({@link TcpFault}, {@link HttpFault}, {@link UpgradeFault}, {@link RunFault},
 * {@link KeepAliveFault}); each value applies itself to its phase's injector, which the server's wing for that
 * phase implements. Adding a fault is a record here, one injector method the compiler then asks every wing
 * for, and one row in the server's codec table.
 */
public sealed interface Fault permits TcpFault, HttpFault, UpgradeFault, RunFault, KeepAliveFault {

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
    static TcpFault refuse() {
        return new Refuse();
    }

    /** Connections are accepted and then nothing is ever read or written. */
    static TcpFault blackhole() {
        return new Blackhole();
    }

    /** Connections are accepted, then reset (RST). */
    static TcpFault reset() {
        return new Reset();
    }

    // ---- HTTP request ----

    /** Answers with this status and {@code {"detail":"<reason phrase>"}}. */
    static HttpFault status(int code) {
        return new Status(code, null);
    }

    /** Answers with this status and body (sent as JSON when it parses as JSON, else as text). */
    static HttpFault status(int code, String body) {
        return new Status(code, body);
    }

    /** Waits, then answers normally. */
    static HttpFault delay(Duration delay) {
        return new Delay(delay);
    }

    /** Reads the request and never answers. */
    static HttpFault hang() {
        return new Hang();
    }

    /** Closes the connection without answering. */
    static HttpFault closeConnection() {
        return new CloseConnection();
    }

    /** Health answers 200 without its {@code config} block (a deployment that lacks the settings). */
    static HttpFault noHealthConfig() {
        return new NoHealthConfig();
    }

    // ---- after the 101 ----

    /** The socket opens and stays silent: no welcome, no answers, no heartbeat. */
    static UpgradeFault noWelcome() {
        return new NoWelcome();
    }

    /** The welcome comes after this pause. */
    static UpgradeFault delayWelcome(Duration delay) {
        return new DelayWelcome(delay);
    }

    /** The socket is closed with this code and reason right after the upgrade. */
    static UpgradeFault close(int code, String reason) {
        return new CloseSocket(code, reason);
    }

    /** The TCP connection is closed with no close frame right after the upgrade: the client sees 1006. */
    static UpgradeFault drop() {
        return new Drop();
    }

    // ---- during a run ----

    /** After the first event of this type, nothing more is sent; the socket stays open. */
    static RunFault stallAfter(String eventType) {
        return new StallAfter(eventType);
    }

    /** Events of this type are left out; the run goes on. */
    static RunFault omit(String eventType) {
        return new Omit(eventType);
    }

    /** Events of this type are sent twice. */
    static RunFault duplicate(String eventType) {
        return new Duplicate(eventType);
    }

    /** The first events of these two types trade places. */
    static RunFault reorder(String first, String second) {
        return new Reorder(first, second);
    }

    /** Events of this type come this much later. */
    static RunFault delayEvent(String eventType, Duration delay) {
        return new DelayEvent(eventType, delay);
    }

    /** Events of this type are replaced by a text frame that is not valid JSON. */
    static RunFault malformed(String eventType) {
        return new Malformed(eventType);
    }

    /** The run ends with {@code agent_error} carrying this code instead of {@code agent_completed}. */
    static RunFault failRun(String errorCode) {
        return new FailRun(errorCode);
    }

    /** After the first event of this type the socket is closed with this code. */
    static RunFault closeAfter(String eventType, int code) {
        return new CloseAfter(eventType, code);
    }

    /** After the first event of this type the TCP connection is closed with no close frame. */
    static RunFault dropAfter(String eventType) {
        return new DropAfter(eventType);
    }

    // ---- keep-alive ----

    /** Pings get no pong. */
    static KeepAliveFault noPong() {
        return new NoPong();
    }

    /** Pongs come after this pause. */
    static KeepAliveFault slowPong(Duration delay) {
        return new SlowPong(delay);
    }

    // ---- the values ----

    /** See {@link Fault#refuse()}. */
    record Refuse() implements TcpFault {
        public void apply(TcpFault.Injector injector) { injector.refuse(); }
        public String kind() { return "refuse"; }
    }

    /** See {@link Fault#blackhole()}. */
    record Blackhole() implements TcpFault {
        public void apply(TcpFault.Injector injector) { injector.blackhole(); }
        public String kind() { return "blackhole"; }
    }

    /** See {@link Fault#reset()}. */
    record Reset() implements TcpFault {
        public void apply(TcpFault.Injector injector) { injector.reset(); }
        public String kind() { return "reset"; }
    }

    /** See {@link Fault#status(int, String)}; {@code body} null means the default {@code detail} body. */
    record Status(int code, String body) implements HttpFault {
        public Status {
            if (code < 100 || code > 599 || code == 101) {
                throw new IllegalArgumentException("code: expected an HTTP status 100-599 other than 101, got " + code);
            }
        }
        public void apply(HttpFault.Injector injector) { injector.status(this); }
        public String kind() { return "status"; }
    }

    /** See {@link Fault#delay(Duration)}. */
    record Delay(Duration delay) implements HttpFault, Timed {
        public Delay { requirePositive("delay", delay); }
        public void apply(HttpFault.Injector injector) { injector.delay(this); }
        public String kind() { return "delay"; }
    }

    /** See {@link Fault#hang()}. */
    record Hang() implements HttpFault {
        public void apply(HttpFault.Injector injector) { injector.hang(); }
        public String kind() { return "hang"; }
    }

    /** See {@link Fault#closeConnection()}. */
    record CloseConnection() implements HttpFault {
        public void apply(HttpFault.Injector injector) { injector.closeConnection(); }
        public String kind() { return "close-connection"; }
    }

    /** See {@link Fault#noHealthConfig()}. */
    record NoHealthConfig() implements HttpFault {
        public void apply(HttpFault.Injector injector) { injector.noHealthConfig(); }
        public String kind() { return "no-config"; }
    }

    /** See {@link Fault#noWelcome()}. */
    record NoWelcome() implements UpgradeFault {
        public void apply(UpgradeFault.Injector injector) { injector.noWelcome(); }
        public String kind() { return "no-welcome"; }
    }

    /** See {@link Fault#delayWelcome(Duration)}. */
    record DelayWelcome(Duration delay) implements UpgradeFault, Timed {
        public DelayWelcome { requirePositive("delay", delay); }
        public void apply(UpgradeFault.Injector injector) { injector.delayWelcome(this); }
        public String kind() { return "delay-welcome"; }
    }

    /** See {@link Fault#close(int, String)}. */
    record CloseSocket(int code, String reason) implements UpgradeFault {
        public CloseSocket {
            requireCloseCode(code);
            reason = reason == null ? "" : reason;
        }
        public void apply(UpgradeFault.Injector injector) { injector.close(this); }
        public String kind() { return "close"; }
    }

    /** See {@link Fault#drop()}. */
    record Drop() implements UpgradeFault {
        public void apply(UpgradeFault.Injector injector) { injector.drop(); }
        public String kind() { return "drop"; }
    }

    /** See {@link Fault#stallAfter(String)}. */
    record StallAfter(String event) implements RunFault, OnEvent {
        public StallAfter { requireEvent(event); }
        public void apply(RunFault.Injector injector) { injector.stallAfter(this); }
        public String kind() { return "stall-after"; }
    }

    /** See {@link Fault#omit(String)}. */
    record Omit(String event) implements RunFault, OnEvent {
        public Omit { requireEvent(event); }
        public void apply(RunFault.Injector injector) { injector.omit(this); }
        public String kind() { return "omit"; }
    }

    /** See {@link Fault#duplicate(String)}. */
    record Duplicate(String event) implements RunFault, OnEvent {
        public Duplicate { requireEvent(event); }
        public void apply(RunFault.Injector injector) { injector.duplicate(this); }
        public String kind() { return "duplicate"; }
    }

    /** See {@link Fault#reorder(String, String)}. */
    record Reorder(String first, String second) implements RunFault {
        public Reorder {
            requireEvent(first);
            requireEvent(second);
            if (first.equals(second)) {
                throw new IllegalArgumentException("second: expected an event type other than first ('" + first + "')");
            }
        }
        public void apply(RunFault.Injector injector) { injector.reorder(this); }
        public String kind() { return "reorder"; }
    }

    /** See {@link Fault#delayEvent(String, Duration)}. */
    record DelayEvent(String event, Duration delay) implements RunFault, OnEvent, Timed {
        public DelayEvent {
            requireEvent(event);
            requirePositive("delay", delay);
        }
        public void apply(RunFault.Injector injector) { injector.delayEvent(this); }
        public String kind() { return "delay-event"; }
    }

    /** See {@link Fault#malformed(String)}. */
    record Malformed(String event) implements RunFault, OnEvent {
        public Malformed { requireEvent(event); }
        public void apply(RunFault.Injector injector) { injector.malformed(this); }
        public String kind() { return "malformed"; }
    }

    /** See {@link Fault#failRun(String)}. */
    record FailRun(String errorCode) implements RunFault {
        public FailRun {
            if (errorCode == null || errorCode.isBlank()) {
                throw new IllegalArgumentException("error_code: expected a code such as AGENT_FAILED, got none");
            }
        }
        public void apply(RunFault.Injector injector) { injector.failRun(this); }
        public String kind() { return "fail-run"; }
    }

    /** See {@link Fault#closeAfter(String, int)}. */
    record CloseAfter(String event, int code) implements RunFault, OnEvent {
        public CloseAfter {
            requireEvent(event);
            requireCloseCode(code);
        }
        public void apply(RunFault.Injector injector) { injector.closeAfter(this); }
        public String kind() { return "close-after"; }
    }

    /** See {@link Fault#dropAfter(String)}. */
    record DropAfter(String event) implements RunFault, OnEvent {
        public DropAfter { requireEvent(event); }
        public void apply(RunFault.Injector injector) { injector.dropAfter(this); }
        public String kind() { return "drop-after"; }
    }

    /** See {@link Fault#noPong()}. */
    record NoPong() implements KeepAliveFault {
        public void apply(KeepAliveFault.Injector injector) { injector.noPong(); }
        public String kind() { return "no-pong"; }
    }

    /** See {@link Fault#slowPong(Duration)}. */
    record SlowPong(Duration delay) implements KeepAliveFault, Timed {
        public SlowPong { requirePositive("delay", delay); }
        public void apply(KeepAliveFault.Injector injector) { injector.slowPong(this); }
        public String kind() { return "slow-pong"; }
    }

    private static void requirePositive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": expected a positive duration, got " + d);
        }
    }

    private static void requireEvent(String event) {
        if (event == null || !EventType.isEvent(event)) {
            throw new IllegalArgumentException("event: expected one of " + EventType.wireNames() + ", got " + (event == null ? "none" : "'" + event + "'"));
        }
    }

    private static void requireCloseCode(int code) {
        if (code < 1000 || code > 4999 || code == 1004 || code == 1005 || code == 1006 || code == 1015) {
            throw new IllegalArgumentException("code: expected a close code that can be sent (1000-4999 but 1004-1006 and 1015), got " + code);
        }
    }
}
