package dev.understudy.client.internal;

import dev.understudy.client.CloseInfo;
import dev.understudy.client.Frame;
import dev.understudy.client.Outcome;
import dev.understudy.client.Outcome.Trace;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that turns what a library threw, or what a socket did, into a named {@link Outcome}.
 *
 * <p><b>How Undertow's Jakarta client reports a failed upgrade</b> (read from undertow-websockets-jsr and xnio-api
 * 2.3.x / 3.8.x sources): XNIO's {@code HttpUpgrade} reads the status line and headers only, then closes the connection
 * and fails with {@code org.xnio.http.UpgradeFailedException("Invalid response code 503")};
 * {@code ServerWebSocketContainer.connectToServer} wraps that in a {@code jakarta.websocket.DeploymentException} with
 * the same message. So the <em>status</em> is recovered by parsing that message, but the <em>body</em> and the
 * response headers of a non-101 answer are never read and cannot be recovered: {@link Outcome.HandshakeRejected#body()}
 * is empty for the WebSocket (the HTTP client fills it). A connection closed before any status line is
 * {@code ConnectionClosedEarlyException} (a subclass), reported as {@link Outcome.ConnectionDropped}. Redirects are
 * followed by Undertow itself. A refused TCP connect surfaces as {@link ConnectException}, unwrapped.
 *
 * <p>Undertow also never says when the TCP connection of an upgrade came up, so a WebSocket connect that does not
 * finish in time is always {@link Outcome.HandshakeTimeout}; only the JDK HTTP client distinguishes
 * {@link Outcome.ConnectTimeout}.
 */
public final class OutcomeMapper {

    /** Undertow's error frame code for a token the server refused. */
    public static final String AUTH_FAILED = "AUTH_FAILED";
    /** The WebSocket close code for a policy violation (auth, too many sockets). */
    public static final int POLICY_VIOLATION = 1008;

    private static final Pattern INVALID_RESPONSE_CODE = Pattern.compile("Invalid response code (\\d{3})");
    private static final String CLOSED_EARLY = "org.xnio.http.ConnectionClosedEarlyException";
    private static final String REDIRECT = "org.xnio.http.RedirectException";
    private static final String HANDSHAKE = "io.undertow.websockets.core.WebSocketHandshakeException";

    private OutcomeMapper() {
    }

    // ---------------------------------------------------------------- HTTP (JDK client)

    /** A JDK {@code HttpClient} failure (an IOException from {@code send}). */
    public static Outcome httpFailure(Throwable failure, Duration elapsed) {
        String seen = describe(failure);
        if (failure instanceof HttpConnectTimeoutException) {
            return new Outcome.ConnectTimeout(new Trace(elapsed, seen));
        }
        if (failure instanceof HttpTimeoutException) {
            return new Outcome.HandshakeTimeout(new Trace(elapsed, seen));
        }
        Outcome connect = connectFailure(failure, elapsed);
        if (connect != null) {
            return connect;
        }
        // EOF before a status line, a reset, a half-read answer: the connection went away without an answer
        return new Outcome.ConnectionDropped(new Trace(elapsed, seen));
    }

    /** The backstop on an HTTP future fired (the JDK's own timer did not): no complete answer in time. */
    public static Outcome httpBackstopTimeout(Duration elapsed) {
        return new Outcome.HandshakeTimeout(new Trace(elapsed, "no complete HTTP answer"));
    }

    /**
     * An HTTP status other than the one a kit call needed (the test-auth endpoint, say).
     *
     * @param authHow the {@link Outcome.AuthRejected#how()} prefix to use for 401/403, or null when those statuses
     *                are not about credentials here
     */
    public static Outcome unexpectedStatus(int status, String body, Duration elapsed, String authHow) {
        String seen = "HTTP " + status + (body == null || body.isEmpty() ? "" : " " + body);
        if (status == 503) {
            return new Outcome.ServiceUnavailable(status, new Trace(elapsed, seen));
        }
        if (authHow != null && (status == 401 || status == 403)) {
            return new Outcome.AuthRejected(authHow + "-" + status, new Trace(elapsed, seen));
        }
        return new Outcome.HandshakeRejected(status, body, new Trace(elapsed, seen));
    }

    // ---------------------------------------------------------------- WebSocket upgrade (Undertow's Jakarta client)

    /** What {@code connectToServer} threw (unwrapped from the executor's ExecutionException). */
    public static Outcome upgradeFailure(Throwable failure, Duration elapsed) {
        String seen = describe(failure);
        Outcome connect = connectFailure(failure, elapsed);
        if (connect != null) {
            return connect;
        }
        if (hasCause(failure, CLOSED_EARLY) || hasCause(failure, EOFException.class)
                || hasCause(failure, ClosedChannelException.class)) {
            return new Outcome.ConnectionDropped(new Trace(elapsed, seen));
        }
        Integer status = upgradeStatus(failure);
        if (status != null) {
            return rejectedUpgrade(status, elapsed, seen);
        }
        if (hasCause(failure, REDIRECT)) {
            return new Outcome.HandshakeRejected(300, "", new Trace(elapsed, seen));
        }
        if (hasCause(failure, HANDSHAKE)) {
            // a 101 the client refused: wrong accept key, a subprotocol it did not offer, no Upgrade header
            return new Outcome.ProtocolViolation("invalid 101 answer: " + seen, new Trace(elapsed, seen));
        }
        String message = seen.toLowerCase(Locale.ROOT);
        if (message.contains("timed out")) {
            return new Outcome.HandshakeTimeout(new Trace(elapsed, seen));
        }
        if (message.contains("reset") || message.contains("closed") || message.contains("broken pipe")) {
            return new Outcome.ConnectionDropped(new Trace(elapsed, seen));
        }
        return new Outcome.ProtocolViolation("upgrade failed: " + seen, new Trace(elapsed, seen));
    }

    /** The upgrade got no 101 (and no failure) within the caller's timeout. */
    public static Outcome upgradeTimeout(Duration elapsed) {
        return new Outcome.HandshakeTimeout(new Trace(elapsed, "no 101 answer to the upgrade (or no TCP connection)"));
    }

    /** A non-101 status to the upgrade request: 403 is auth, 503 unavailable, anything else a rejection. */
    public static Outcome rejectedUpgrade(int status, Duration elapsed, String seen) {
        if (status == 403) {
            return new Outcome.AuthRejected("http-403", new Trace(elapsed, seen));
        }
        if (status == 503) {
            return new Outcome.ServiceUnavailable(status, new Trace(elapsed, seen));
        }
        return new Outcome.HandshakeRejected(status, "", new Trace(elapsed, seen));
    }

    /** The status in Undertow/XNIO's "Invalid response code NNN", or null when the failure carries none. */
    public static Integer upgradeStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher matcher = INVALID_RESPONSE_CODE.matcher(t.getMessage());
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- an open socket

    /**
     * The socket closed while the kit waited for something.
     *
     * <p>1008 after an {@code error_message} with {@code error_code: AUTH_FAILED} (or with a reason that says
     * authentication) is the "later staging" way of rejecting a token: {@code AuthRejected("close-1008")}. 1006 means
     * no close frame came: {@code ConnectionDropped}.
     */
    public static Outcome closed(CloseInfo close, List<Frame> received, Duration elapsed) {
        String seen = lastSeen(received, close);
        if (close.code() == POLICY_VIOLATION
                && (sawAuthFailure(received) || close.reason().toLowerCase(Locale.ROOT).contains("auth"))) {
            return new Outcome.AuthRejected("close-1008", new Trace(elapsed, seen));
        }
        if (close.dropped()) {
            return new Outcome.ConnectionDropped(new Trace(elapsed, seen));
        }
        return new Outcome.ConnectionClosed(close.code(), close.reason(), new Trace(elapsed, seen));
    }

    /** An {@code AUTH_FAILED} error frame came but no close followed in time. */
    public static Outcome authErrorFrame(Frame frame, Duration elapsed) {
        return new Outcome.AuthRejected("error-frame", new Trace(elapsed, frame.raw()));
    }

    /** No welcome within the timeout. */
    public static Outcome welcomeTimeout(Duration elapsed) {
        return new Outcome.WelcomeTimeout(new Trace(elapsed, ""));
    }

    /** The first frame was not a welcome. */
    public static Outcome notAWelcome(Frame first, Duration elapsed) {
        String what = first.isJson()
                ? "the first frame has type '" + first.type() + "', not a welcome"
                : "the first frame is not JSON (" + first.parseError().orElse("") + ")";
        return new Outcome.ProtocolViolation(what, new Trace(elapsed, first.raw()));
    }

    /** The awaited frame did not come; {@code last} is the last frame received (null if none). */
    public static Outcome eventTimeout(Frame last, Duration gap, Duration elapsed) {
        String type = last == null ? "" : last.isJson() ? last.type() : "(not JSON)";
        return new Outcome.EventTimeout(type, gap, new Trace(elapsed, last == null ? "" : last.raw()));
    }

    /** The client could not hand frames over fast enough and dropped some. */
    public static Outcome inboxOverflow(int capacity, Duration elapsed) {
        return new Outcome.ProtocolViolation("more than " + capacity
                + " frames arrived unread; the client dropped frames", new Trace(elapsed, ""));
    }

    /** A send failed on an open-looking socket (the close frame, if any, had not arrived yet). */
    public static Outcome sendFailure(Throwable failure, Duration elapsed) {
        return new Outcome.ConnectionDropped(new Trace(elapsed, describe(failure)));
    }

    /** A send did not complete in time. */
    public static Outcome sendTimeout(Frame last, Duration elapsed) {
        return eventTimeout(last, elapsed, elapsed);
    }

    // ---------------------------------------------------------------- helpers

    private static Outcome connectFailure(Throwable failure, Duration elapsed) {
        String seen = describe(failure);
        // the JDK wraps a reset that lands while it finishes connecting in a ConnectException too: that server
        // was there and hung up, so it is a dropped connection, not a refused one
        if (hasCause(failure, ConnectException.class) && !hasCause(failure, HttpTimeoutException.class)
                && !seen.toLowerCase(Locale.ROOT).contains("reset")) {
            return new Outcome.ConnectionRefused(new Trace(elapsed, seen));
        }
        if (hasCause(failure, UnresolvedAddressException.class) || hasCause(failure, UnknownHostException.class)
                || hasCause(failure, NoRouteToHostException.class)) {
            return new Outcome.ConnectionRefused(new Trace(elapsed, seen));
        }
        if (hasCause(failure, SSLException.class)) {
            return new Outcome.HandshakeRejected(0, "", new Trace(elapsed, "TLS handshake failed: " + seen));
        }
        return null;
    }

    private static boolean sawAuthFailure(List<Frame> received) {
        for (Frame frame : received) {
            if (isAuthFailure(frame)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a frame is the server's "your token was refused" error frame. */
    public static boolean isAuthFailure(Frame frame) {
        return "error_message".equals(frame.type()) && AUTH_FAILED.equals(frame.text("error_code"));
    }

    private static String lastSeen(List<Frame> received, CloseInfo close) {
        String closeText = "close " + close.code() + (close.reason().isEmpty() ? "" : " \"" + close.reason() + "\"");
        if (received.isEmpty()) {
            return closeText;
        }
        return closeText + " after " + Texts.clip(received.get(received.size() - 1).raw());
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** By class name, so the kit does not compile against XNIO's or Undertow-core's internals. */
    private static boolean hasCause(Throwable failure, String className) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals(className)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The exception as "Name: message", with its root cause when that is another exception. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = nameAndMessage(failure);
        return root == failure ? text : text + " (root: " + nameAndMessage(root) + ")";
    }

    private static String nameAndMessage(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }
}
