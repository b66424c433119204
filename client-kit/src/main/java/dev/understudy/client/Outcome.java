package dev.understudy.client;

import dev.understudy.client.internal.Texts;

import java.time.Duration;
import java.util.Objects;

/**
 * The one named way a call of the client kit failed: what happened, how long it took and what was seen last.
 *
 * <p>Every failure the kit meets ends as exactly one of these records, carried by an {@link OutcomeException};
 * never as a bare timeout or a stack trace from deep inside a library. {@link #elapsed()} is measured from the start
 * of the failing call; {@link #lastSeen()} is the last thing the kit saw from the server (a frame, a status line, an
 * exception message), empty when it saw nothing.
 */
public sealed interface Outcome {

    /** How long the failing call took and what it saw last, normalised in one place for every outcome. */
    Trace trace();

    /** Time from the start of the failing call to the moment the kit gave up or learnt the failure. */
    default Duration elapsed() {
        return trace().elapsed();
    }

    /** What was seen last (a frame, a status, an error message), possibly empty; never null. */
    default String lastSeen() {
        return trace().lastSeen();
    }

    /** A short human description of this outcome, without the timing. */
    String describe();

    /**
     * The part every outcome shares: its timing and what was seen last.
     *
     * @param elapsed  from the start of the failing call; a negative one is taken as zero
     * @param lastSeen the last thing seen from the server; null is taken as empty
     */
    record Trace(Duration elapsed, String lastSeen) {
        public Trace {
            elapsed = requireElapsed(elapsed);
            lastSeen = orEmpty(lastSeen);
        }
    }

    /** Nothing listens at the address (TCP connection refused), or the host name does not resolve. */
    record ConnectionRefused(Trace trace) implements Outcome {
        @Override
        public String describe() {
            return "connection refused";
        }
    }

    /** The TCP (and TLS) connection was not established within the timeout. */
    record ConnectTimeout(Trace trace) implements Outcome {
        @Override
        public String describe() {
            return "TCP connect timed out";
        }
    }

    /**
     * No answer to the request (the WebSocket upgrade, or a plain HTTP request) within the timeout.
     *
     * <p>For the WebSocket this also covers a TCP connect that did not complete: the Jakarta client does not say
     * when the TCP connection is up, so the two cannot be told apart there (HTTP calls can, and say
     * {@link ConnectTimeout}).
     */
    record HandshakeTimeout(Trace trace) implements Outcome {
        @Override
        public String describe() {
            return "no answer to the request (upgrade or HTTP) in time";
        }
    }

    /**
     * The server answered with a status that is neither what was asked for nor named by another outcome.
     *
     * @param status the HTTP status, or 0 when the failure happened before any status (a TLS handshake)
     * @param body   the response body when the client could read it (the WebSocket client cannot; see
     *               {@link AgentSocket})
     */
    record HandshakeRejected(int status, String body, Trace trace) implements Outcome {
        public HandshakeRejected {
            body = orEmpty(body);
        }

        @Override
        public String describe() {
            return "rejected with HTTP " + status + (body.isEmpty() ? "" : " " + Texts.clip(body));
        }
    }

    /**
     * The server refused the credentials.
     *
     * @param how how it said so: {@code http-403} (403 before the upgrade), {@code close-1008} (accepted, then an
     *            {@code AUTH_FAILED} error frame and/or a 1008 close), {@code error-frame} (the error frame without
     *            the close), {@code test-auth-401} (the test-auth endpoint refused the bypass key), ...
     */
    record AuthRejected(String how, Trace trace) implements Outcome {
        public AuthRejected {
            how = Objects.requireNonNull(how, "how");
        }

        @Override
        public String describe() {
            return "authentication rejected (" + how + ")";
        }
    }

    /** The socket was upgraded but no welcome frame came within the timeout. */
    record WelcomeTimeout(Trace trace) implements Outcome {
        @Override
        public String describe() {
            return "no welcome frame in time";
        }
    }

    /**
     * The awaited frame did not come in time; the socket stayed open.
     *
     * @param lastEvent the type of the last frame that did come (empty if none)
     * @param gap       how long the kit waited since that frame (or since the call started)
     */
    record EventTimeout(String lastEvent, Duration gap, Trace trace) implements Outcome {
        public EventTimeout {
            lastEvent = orEmpty(lastEvent);
            gap = requireElapsed(gap);
        }

        @Override
        public String describe() {
            return "no frame for " + Texts.millis(gap) + " after "
                    + (lastEvent.isEmpty() ? "nothing" : "'" + lastEvent + "'");
        }
    }

    /** The server closed the socket with a close frame. */
    record ConnectionClosed(int code, String reason, Trace trace) implements Outcome {
        public ConnectionClosed {
            reason = orEmpty(reason);
        }

        @Override
        public String describe() {
            return "closed by the server with " + code + (reason.isEmpty() ? "" : " \"" + reason + "\"");
        }
    }

    /** The connection went away with no close frame (WebSocket 1006, a reset, or EOF before an HTTP answer). */
    record ConnectionDropped(Trace trace) implements Outcome {
        @Override
        public String describe() {
            return "connection dropped without a close frame (1006)";
        }
    }

    /** The server broke the protocol: a missing, duplicated, out-of-order or malformed frame, or another user's ids. */
    record ProtocolViolation(String what, Trace trace) implements Outcome {
        public ProtocolViolation {
            what = Objects.requireNonNull(what, "what");
        }

        @Override
        public String describe() {
            return "protocol violation: " + what;
        }
    }

    /** The server said it is unavailable (HTTP 503, on an HTTP path or on the upgrade). */
    record ServiceUnavailable(int status, Trace trace) implements Outcome {
        @Override
        public String describe() {
            return "service unavailable (HTTP " + status + ")";
        }
    }

    /** Not null, and not negative. */
    private static Duration requireElapsed(Duration elapsed) {
        Objects.requireNonNull(elapsed, "elapsed");
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
