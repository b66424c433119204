package dev.understudy.mock.journal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The read view of what each WebSocket connection did and which plain HTTP requests the public port answered, so a
 * test can assert what its client sent and saw; bounded, so a long run can't grow the heap without limit. The server
 * writes it; users only read it.
 *
 * <p>Every change (a connection opened, a frame, an ending, a fault, a request answered) bumps one counter, the
 * {@link #cursor()}; each entry carries the counter's value at its last change ({@code seq}), so "what changed since
 * I last looked" is {@code seq > cursor-then}.
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
    /** Plain HTTP requests kept; the oldest are forgotten first. */
    int MAX_HTTP_REQUESTS = 1000;
    /** Faults kept per connection; later ones are not kept. */
    int MAX_FAULTS_PER_CONNECTION = 50;

    /** Every connection kept, oldest first. */
    List<ConnectionLog> connections();

    /** One connection by id. */
    Optional<ConnectionLog> connection(String id);

    /** Every plain HTTP request kept, oldest first. */
    List<HttpLog> requests();

    /** The change counter now: entries with a greater {@code seq} changed after this call. */
    long cursor();

    /** Forgets every connection and request (the cursor keeps counting). */
    void clear();

    /**
     * Waits until some connection matches, and returns it.
     *
     * @throws TimeoutException naming what was awaited, when none matches in time
     */
    ConnectionLog awaitConnection(Predicate<ConnectionLog> condition, Duration timeout)
            throws InterruptedException, TimeoutException;

    /**
     * Waits until some plain HTTP request matches, and returns it.
     *
     * @throws TimeoutException naming what was awaited, when none matches in time
     */
    HttpLog awaitRequest(Predicate<HttpLog> condition, Duration timeout) throws InterruptedException, TimeoutException;

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
