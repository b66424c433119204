package dev.understudy.mock.journal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The read view of what each WebSocket connection did, so a test can assert what its client sent and saw;
 * bounded, so a long run can't grow the heap without limit. The server writes it; users only read it.
 *
 * <p>Waits take a timeout and wake on every change, never by polling on a sleep.
 */
public interface Journal {

    /** Connections kept; the oldest are forgotten first. */
    int MAX_CONNECTIONS = 500;
    /** Frames kept per connection; later ones are counted, not kept. */
    int MAX_FRAMES_PER_CONNECTION = 200;
    /** Longest frame text kept; longer ones are cut. */
    int MAX_FRAME_CHARS = 4096;

    /** Every connection kept, oldest first. */
    List<ConnectionLog> connections();

    /** One connection by id. */
    Optional<ConnectionLog> connection(String id);

    /** Forgets every connection. */
    void clear();

    /**
     * Waits until some connection matches, and returns it.
     *
     * @throws TimeoutException naming what was awaited, when none matches in time
     */
    ConnectionLog awaitConnection(Predicate<ConnectionLog> condition, Duration timeout)
            throws InterruptedException, TimeoutException;

    /** Waits until the given user's connection has a frame from the client that contains {@code text}. */
    default ConnectionLog awaitFrameIn(String user, String text, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitConnection(c -> user.equals(c.user())
                && c.frames(FrameLog.Direction.IN).stream().anyMatch(f -> f.text().contains(text)), timeout);
    }

    /** Waits until the given user's first connection has ended. */
    default ConnectionLog awaitEnded(String user, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitConnection(c -> user.equals(c.user()) && c.ended(), timeout);
    }
}
