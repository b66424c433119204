package dev.understudy.client.internal.ws;

import dev.understudy.client.CloseInfo;
import dev.understudy.client.Frame;
import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Jakarta endpoint behind one {@code AgentSocket}: frames arrive on the container's threads and go into a bounded
 * queue (read with a timeout by the test's thread) and into the list of everything received; the close comes last.
 *
 * <p>Ordering: Undertow hands text frames to an ordered executor, but reports a TCP drop from the IO thread, which
 * could overtake frames still queued on that executor. The close marker is therefore handed over through the same
 * executor, so it always lands after every frame that arrived before it.
 */
public final class SocketEndpoint extends Endpoint {

    /** Largest text frame the client accepts; far above the contract's 1 MiB so the server's limit is what is tested. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final BlockingQueue<InboxItem> inbox;
    private final int capacity;
    private final List<Frame> received = new ArrayList<>();
    private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile Throwable lastError;

    public SocketEndpoint(int capacity) {
        this.capacity = capacity;
        // one slot more than frames, so the close marker always fits
        this.inbox = new LinkedBlockingQueue<>(capacity + 1);
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
        session.setMaxBinaryMessageBufferSize(MAX_MESSAGE_BYTES);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) this::onBinary);
    }

    private void onText(String text) {
        accept(Frame.of(text, System.nanoTime()));
    }

    private void onBinary(ByteBuffer bytes) {
        accept(Frame.binary(bytes.remaining(), System.nanoTime()));
    }

    private void accept(Frame frame) {
        synchronized (received) {
            received.add(frame);
        }
        if (inbox.size() >= capacity || !inbox.offer(new InboxItem.Received(frame))) {
            overflowed.set(true);
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        CloseInfo info = new CloseInfo(reason.getCloseCode().getCode(), reason.getReasonPhrase());
        Executor ordered = session instanceof UndertowSession ? ((UndertowSession) session).getExecutor() : null;
        if (ordered == null) {
            finish(info);
            return;
        }
        try {
            ordered.execute(() -> finish(info));
        } catch (RejectedExecutionException e) {
            finish(info);
        }
    }

    private void finish(CloseInfo info) {
        if (closed.complete(info)) {
            inbox.offer(new InboxItem.Closed(info));
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        lastError = failure;
    }

    /** The queue of unread frames, ending with {@link InboxItem.Closed} once the socket closed. */
    public BlockingQueue<InboxItem> inbox() {
        return inbox;
    }

    /** Every frame received so far, in order. */
    public List<Frame> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The last frame received, if any. */
    public Optional<Frame> lastReceived() {
        synchronized (received) {
            return received.isEmpty() ? Optional.empty() : Optional.of(received.get(received.size() - 1));
        }
    }

    /** Completes with the close once it happened (and every earlier frame is in the inbox). */
    public CompletableFuture<CloseInfo> closed() {
        return closed;
    }

    /** Whether frames were dropped because nobody read them. */
    public boolean overflowed() {
        return overflowed.get();
    }

    /** The capacity of the inbox. */
    public int capacity() {
        return capacity;
    }

    /** The last error the container reported, if any. */
    public Optional<Throwable> lastError() {
        return Optional.ofNullable(lastError);
    }
}
