package dev.understudy.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.client.internal.ws.Connector;
import dev.understudy.client.internal.ws.InboxItem;
import dev.understudy.client.internal.Json;
import dev.understudy.client.internal.OutcomeMapper;
import dev.understudy.client.internal.ws.SocketEndpoint;
import dev.understudy.client.internal.Texts;
import dev.understudy.client.internal.token.TokenPeek;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One WebSocket session with the backend, as a test drives it: connect, await the welcome, send, read frames with a
 * timeout, run an agent and collect its events, and see how it closed.
 *
 * <pre>{@code
 * try (AgentSocket socket = AgentSocket.connect(target, "alice@example.com", Duration.ofSeconds(5))) {
 *     socket.awaitWelcome(Duration.ofSeconds(2));
 *     RunRequest request = socket.startRun("What did we spend on GCP last month?");
 *     AgentRun run = socket.collectRun(Duration.ofSeconds(2), Duration.ofSeconds(30));
 *     assertThat(StreamJudge.judge(run.frames(), socket.expectationFor(request).build())).isEmpty();
 * }
 * }</pre>
 *
 * <p>Frames arrive on the container's threads into a bounded queue that the reading methods poll with their timeout;
 * all of them are also kept, in order, in {@link #received()}. Every failure is an {@link OutcomeException}, reached
 * within the call's timeout plus a few milliseconds:
 * <ul>
 *   <li>connect: {@code ConnectionRefused}; {@code HandshakeTimeout} (no 101 in time; Undertow does not say whether the
 *       TCP connection was up, so this covers a TCP connect that hangs too); {@code AuthRejected("http-403")};
 *       {@code ServiceUnavailable(503)}; {@code HandshakeRejected(status, "")} for any other status (the status is
 *       recovered from Undertow's "Invalid response code NNN"; the body of a refused upgrade is never read by
 *       Undertow, so it is always empty here); {@code ConnectionDropped} when the server closed without an answer;
 *       {@code ProtocolViolation} for a 101 the client must refuse (e.g. a subprotocol it did not offer);
 *       {@code HandshakeRejected(0, "")} for a failed TLS handshake (untrusted certificate, another host's name, no
 *       common TLS version); {@code wss://} speaks TLS 1.3 or 1.2, whichever the server prefers;</li>
 *   <li>reading: {@code WelcomeTimeout} / {@code EventTimeout} when nothing came; {@code ConnectionClosed(code,
 *       reason)} when the server closed; {@code ConnectionDropped} for 1006 (no close frame);
 *       {@code AuthRejected("close-1008")} for a 1008 close after an {@code AUTH_FAILED} error frame;
 *       {@code ProtocolViolation} when the first frame is not a welcome.</li>
 * </ul>
 *
 * <p>Reading methods are meant for one test thread; they are synchronized, so a second reader waits.
 */
public final class AgentSocket implements AutoCloseable {

    private final SocketOptions options;
    private final Session session;
    private final SocketEndpoint endpoint;
    private final Map<String, List<String>> handshakeHeaders;
    /** Frames taken from the inbox by a call that did not want them, returned to the next reader first. */
    private final Deque<Frame> stash = new ArrayDeque<>();
    private InboxItem.Closed closeTaken;
    private Frame welcome;

    private AgentSocket(SocketOptions options, Session session, SocketEndpoint endpoint,
                        Map<String, List<String>> handshakeHeaders) {
        this.options = options;
        this.session = session;
        this.endpoint = endpoint;
        this.handshakeHeaders = handshakeHeaders;
    }

    /**
     * Opens a socket.
     *
     * @param timeout how long the upgrade (TCP, TLS and the 101) may take
     * @throws OutcomeException naming why it could not be opened
     */
    public static AgentSocket connect(SocketOptions options, Duration timeout) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(timeout, "timeout");
        SocketEndpoint endpoint = new SocketEndpoint(options.inboxCapacity());
        Connector.Connected connected = Connector.connect(endpoint, options, timeout);
        return new AgentSocket(options, connected.session(), endpoint, connected.handshakeHeaders());
    }

    /**
     * Opens a socket to the target for {@code user}, with the default token placement: the token is fetched and the
     * upgrade made within {@code timeout} in all.
     */
    public static AgentSocket connect(Target target, String user, Duration timeout) {
        long start = System.nanoTime();
        SocketOptions options = target.socketOptions(user, timeout).build();
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        return connect(options, left.isNegative() ? Duration.ZERO : left);
    }

    /** The options this socket was opened with. */
    public SocketOptions options() {
        return options;
    }

    /** The subprotocol the server chose, if any. */
    public Optional<String> negotiatedSubprotocol() {
        String chosen = session.getNegotiatedSubprotocol();
        return chosen == null || chosen.isEmpty() ? Optional.empty() : Optional.of(chosen);
    }

    /** The headers of the 101 answer (case-insensitive names). */
    public Map<String, List<String>> handshakeHeaders() {
        return handshakeHeaders;
    }

    /** The {@code sub} of the token this socket was opened with, read without verifying it. */
    public Optional<String> tokenSubject() {
        return options.token().flatMap(TokenPeek::subject);
    }

    /** The user id the server gave in the welcome, else the token's subject, else "". */
    public synchronized String userId() {
        if (welcome != null && !welcome.text("user_id").isEmpty()) {
            return welcome.text("user_id");
        }
        return tokenSubject().orElse("");
    }

    /** The welcome frame, once {@link #awaitWelcome} returned it. */
    public synchronized Optional<Frame> welcome() {
        return Optional.ofNullable(welcome);
    }

    /** Whether the socket is open (neither side closed it). */
    public boolean isOpen() {
        return session.isOpen() && !endpoint.closed().isDone();
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Waits for the welcome, which must be the first frame: {@code system_message} with
     * {@code data.event: connection_established}, or (the later staging form) type {@code connection_established}.
     *
     * @throws OutcomeException {@code WelcomeTimeout}; {@code ProtocolViolation} naming the frame that came first;
     *                          {@code AuthRejected} for an {@code AUTH_FAILED} error frame (and 1008 close);
     *                          {@code ConnectionClosed}/{@code ConnectionDropped} when the socket closed first
     */
    public synchronized Frame awaitWelcome(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String expected = "the welcome frame within " + Texts.millis(timeout);
        Frame first = nextFrame(deadline, expected, start, () -> OutcomeMapper.welcomeTimeout(since(start)));
        if (isWelcome(first)) {
            welcome = first;
            return first;
        }
        if (OutcomeMapper.isAuthFailure(first)) {
            // the later staging form: the error frame, then a 1008 close; wait (within our time) for the close
            CloseInfo close = awaitCloseUntil(deadline);
            if (close != null) {
                throw closedFailure(expected, close, start);
            }
            throw new OutcomeException(expected, OutcomeMapper.authErrorFrame(first, since(start)));
        }
        throw new OutcomeException(expected, OutcomeMapper.notAWelcome(first, since(start)));
    }

    /** Whether a frame is a welcome in either form the contract allows ({@code docs/contract.md}, the welcome). */
    public static boolean isWelcome(Frame frame) {
        String type = frame.type();
        return type.equals("connection_established")
                || (type.equals("system_message")
                && "connection_established".equals(frame.node().path("data").path("event").asText(null)));
    }

    /**
     * The next frame, whatever it is.
     *
     * @throws OutcomeException {@code EventTimeout} when none comes; {@code ConnectionClosed}/{@code ConnectionDropped}
     *                          when the socket closed
     */
    public synchronized Frame next(Duration timeout) {
        long start = System.nanoTime();
        String expected = "a frame within " + Texts.millis(timeout);
        return nextFrame(start + timeout.toNanos(), expected, start, () -> timeoutOutcome(start));
    }

    /**
     * The next frame of {@code type}; frames of other types that come first are kept and returned, in order, by the
     * next reading call.
     */
    public synchronized Frame awaitType(String type, Duration timeout) {
        Objects.requireNonNull(type, "type");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String expected = "a '" + type + "' frame within " + Texts.millis(timeout);
        List<Frame> skipped = new ArrayList<>();
        try {
            while (true) {
                Frame frame = nextFrame(deadline, expected, start, () -> timeoutOutcome(start));
                if (frame.type().equals(type)) {
                    return frame;
                }
                skipped.add(frame);
            }
        } finally {
            unread(skipped);
        }
    }

    /**
     * Waits until the server closes the socket; does not consume unread frames.
     *
     * @throws OutcomeException {@code EventTimeout} when the socket is still open after {@code timeout}
     */
    public CloseInfo awaitClose(Duration timeout) {
        long start = System.nanoTime();
        CloseInfo close = awaitCloseUntil(start + timeout.toNanos());
        if (close == null) {
            throw new OutcomeException("the server to close the socket within " + Texts.millis(timeout),
                    timeoutOutcome(start));
        }
        return close;
    }

    /** Every frame received so far, in arrival order, whether or not it was read. */
    public List<Frame> received() {
        return endpoint.received();
    }

    // ------------------------------------------------------------------------------------------------ sending

    /** Sends a JSON object built from a map (Jackson writes it). */
    public void send(Map<String, ?> message) {
        sendText(Json.write(message));
    }

    /** Sends a JSON value. */
    public void sendJson(JsonNode message) {
        sendText(Json.write(message));
    }

    /** Sends a text frame as is (which may be invalid JSON, on purpose). */
    public void sendText(String text) {
        Objects.requireNonNull(text, "text");
        sendWith("a text frame", remote -> remote.sendText(text));
    }

    /** Sends a binary frame (the contract says the server closes with 1003). */
    public void sendBinary(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes.clone());
        sendWith("a binary frame", remote -> remote.sendBinary(buffer));
    }

    /**
     * Starts an agent run: sends {@code {"type":"user_message","payload":{"content":text,"thread_id":...}}} with a
     * fresh thread id.
     */
    public RunRequest startRun(String text) {
        return startRun(text, "thread_" + UUID.randomUUID().toString().replace("-", ""), null);
    }

    /** Starts an agent run with the given thread id and, if not null, run id. */
    public RunRequest startRun(String text, String threadId, String runId) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(threadId, "threadId");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("content", text);
        payload.put("thread_id", threadId);
        if (runId != null) {
            payload.put("run_id", runId);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "user_message");
        message.put("payload", payload);
        send(message);
        return new RunRequest(text, threadId, Optional.ofNullable(runId));
    }

    /**
     * What the judge should expect of the run {@code request} started: this socket's user and the request's ids.
     * Adjust the returned builder for anything else.
     */
    public RunExpectation.Builder expectationFor(RunRequest request) {
        RunExpectation.Builder builder = RunExpectation.builder().userId(userId()).threadId(request.threadId());
        request.runId().ifPresent(builder::runId);
        return builder;
    }

    /**
     * Collects one agent run: waits for its first event, then reads until {@code agent_completed} or
     * {@code agent_error}. Frames that are not run events (pong, heartbeat, ack, ...) are kept in the run and also
     * left unread for later calls.
     *
     * @param gapTimeout   the longest wait for the next run event
     * @param totalTimeout the longest the whole collection may take
     * @throws OutcomeException {@code EventTimeout(last event, gap)} when the run stalls; {@code ConnectionClosed} /
     *                          {@code ConnectionDropped} when the socket closes mid-run
     */
    public AgentRun collectRun(Duration gapTimeout, Duration totalTimeout) {
        return collectRun(gapTimeout, totalTimeout, Duration.ZERO);
    }

    /**
     * As {@link #collectRun(Duration, Duration)}, then keeps reading for {@code settle} after the terminal event and
     * adds any further run events to the run (a duplicated {@code agent_completed}, events after the end), so the
     * judge can flag them.
     */
    public synchronized AgentRun collectRun(Duration gapTimeout, Duration totalTimeout, Duration settle) {
        long start = System.nanoTime();
        long totalDeadline = start + totalTimeout.toNanos();
        String expected = "an agent run ending in agent_completed or agent_error, with at most "
                + Texts.millis(gapTimeout) + " between events and " + Texts.millis(totalTimeout) + " in all";
        List<Frame> run = new ArrayList<>();
        List<Frame> skipped = new ArrayList<>();
        Frame lastEvent = null;
        long lastEventAt = start;
        try {
            while (true) {
                long deadline = Math.min(lastEventAt + gapTimeout.toNanos(), totalDeadline);
                Frame last = lastEvent;
                long lastAt = lastEventAt;
                Frame frame = nextFrame(deadline, expected, start, () -> OutcomeMapper.eventTimeout(last,
                        Duration.ofNanos(System.nanoTime() - lastAt), since(start)));
                boolean runFrame = StreamJudge.isEvent(frame) || !frame.isJson();
                if (!runFrame) {
                    skipped.add(frame);
                    if (!run.isEmpty()) {
                        run.add(frame);
                    }
                    continue;
                }
                run.add(frame);
                lastEvent = frame;
                lastEventAt = System.nanoTime();
                if (EventType.of(frame).map(EventType::terminal).orElse(false)) {
                    break;
                }
            }
            if (!settle.isZero() && !settle.isNegative()) {
                long settleDeadline = System.nanoTime() + settle.toNanos();
                while (true) {
                    if (!(take(settleDeadline, expected, start) instanceof InboxItem.Received received)) {
                        break; // quiet for the whole settle time, or closed: either way the run is over
                    }
                    Frame frame = received.frame();
                    if (StreamJudge.isEvent(frame) || !frame.isJson()) {
                        run.add(frame);
                    } else {
                        skipped.add(frame);
                    }
                }
            }
        } finally {
            unread(skipped);
        }
        long first = run.get(0).receivedAt();
        long last = run.get(run.size() - 1).receivedAt();
        return new AgentRun(run, Duration.ofNanos(last - first));
    }

    // ------------------------------------------------------------------------------------------------ closing

    /** Closes the socket with 1000, waiting up to the options' close timeout for the server's answer. Idempotent. */
    @Override
    public void close() {
        if (session.isOpen()) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
            } catch (IOException | RuntimeException ignored) {
                // already closing or gone: the close is what we wanted
            }
        }
        awaitCloseUntil(System.nanoTime() + options.closeTimeout().toNanos());
    }

    @Override
    public String toString() {
        return "AgentSocket[" + options.uri() + (isOpen() ? ", open" : ", closed") + ", received "
                + endpoint.received().size() + "]";
    }

    // ------------------------------------------------------------------------------------------------ internals

    /**
     * The next frame until {@code deadline}.
     *
     * @throws OutcomeException what {@code onTimeout} names when none came; the close's outcome once the socket closed
     */
    private Frame nextFrame(long deadline, String expected, long start, Supplier<Outcome> onTimeout) {
        InboxItem item = take(deadline, expected, start);
        if (item == null) {
            throw new OutcomeException(expected, onTimeout.get());
        }
        if (item instanceof InboxItem.Closed closed) {
            throw closedFailure(expected, closed.close(), start);
        }
        return ((InboxItem.Received) item).frame();
    }

    /**
     * The next unread item: a stashed frame, else from the inbox until {@code deadline}; the close once the socket
     * closed (again and again); null on timeout.
     */
    private InboxItem take(long deadline, String expected, long callStart) {
        if (!stash.isEmpty()) {
            return new InboxItem.Received(stash.pollFirst());
        }
        if (closeTaken != null) {
            return closeTaken;
        }
        if (endpoint.overflowed()) {
            throw new OutcomeException(expected, OutcomeMapper.inboxOverflow(endpoint.capacity(), since(callStart)));
        }
        long wait = deadline - System.nanoTime();
        InboxItem item;
        try {
            item = wait <= 0 ? endpoint.inbox().poll() : endpoint.inbox().poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + expected, e);
        }
        if (item instanceof InboxItem.Closed closed) {
            closeTaken = closed;
        }
        return item;
    }

    /** Puts frames back in front of the unread ones, in their order. */
    private void unread(List<Frame> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            stash.addFirst(frames.get(i));
        }
    }

    private CloseInfo awaitCloseUntil(long deadline) {
        try {
            long wait = Math.max(0, deadline - System.nanoTime());
            return endpoint.closed().get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the close future never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the socket to close", e);
        }
    }

    private OutcomeException closedFailure(String expected, CloseInfo close, long start) {
        return new OutcomeException(expected, OutcomeMapper.closed(close, endpoint.received(), since(start)));
    }

    private Outcome timeoutOutcome(long start) {
        Frame last = endpoint.lastReceived().orElse(null);
        long quietSince = last == null ? start : Math.max(start, last.receivedAt());
        return OutcomeMapper.eventTimeout(last, Duration.ofNanos(System.nanoTime() - quietSince), since(start));
    }

    private void sendWith(String what, Function<RemoteEndpoint.Async, Future<Void>> send) {
        long start = System.nanoTime();
        String expected = "to send " + what + " within " + Texts.millis(options.sendTimeout());
        if (!session.isOpen() || endpoint.closed().isDone()) {
            throw sendOnClosed(expected, start, null);
        }
        Future<Void> sent;
        try {
            sent = send.apply(session.getAsyncRemote());
            sent.get(options.sendTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new OutcomeException(expected,
                    OutcomeMapper.sendTimeout(endpoint.lastReceived().orElse(null), since(start)));
        } catch (ExecutionException e) {
            throw sendOnClosed(expected, start, e.getCause());
        } catch (RuntimeException e) {
            throw sendOnClosed(expected, start, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending " + what, e);
        }
    }

    private OutcomeException sendOnClosed(String expected, long start, Throwable failure) {
        // the close may be a moment behind the failed send: give it a few milliseconds to name the real outcome
        CloseInfo close = awaitCloseUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
        if (close != null) {
            return new OutcomeException(expected, OutcomeMapper.closed(close, endpoint.received(), since(start)),
                    failure);
        }
        if (failure == null) {
            failure = new IOException("the socket is closed");
        }
        return new OutcomeException(expected, OutcomeMapper.sendFailure(failure, since(start)), failure);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
