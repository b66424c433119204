package dev.understudy.mock.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One plain HTTP request the public port answered (or is still answering): an immutable snapshot.
 *
 * <p>A WebSocket upgrade that got its 101 is a {@link ConnectionLog}, not one of these; an upgrade answered with an
 * error (a fault's 500, a refused token's 403) is recorded here too, since that is where a client saw it fail.
 *
 * @param id       {@code req_N}, in the order the requests arrived
 * @param method   the HTTP method
 * @param path     the request path
 * @param query    the query string with every token replaced by {@code <redacted>}, or empty
 * @param user     the {@code sub} of the token the request carried (not verified), or null without one
 * @param status   the status answered, or 0 while there is no answer (in flight, hung, or closed unanswered)
 * @param faults   the kinds of the faults that struck it, in the order they applied
 * @param at       when the request arrived
 * @param duration how long until it was answered or its connection closed, or null while it is in flight
 * @param ending   {@code answered}, {@code closed-unanswered}, or null while in flight (a hung request stays so)
 * @param seq      the journal's change counter when this entry last changed (the {@code since=} cursor)
 */
public record HttpLog(String id, String method, String path, String query, String user, int status, List<String> faults,
                      Instant at, Duration duration, String ending, long seq) {

    /** The request got an answer. */
    public static final String ANSWERED = "answered";
    /** The connection closed before any answer (a close-connection fault, or the server stopped under a hang). */
    public static final String CLOSED_UNANSWERED = "closed-unanswered";

    /** Whether the request is over, answered or not. */
    public boolean ended() {
        return ending != null;
    }
}
