package dev.understudy.mock.internal.ws;

import dev.understudy.mock.internal.auth.Jwt;
import dev.understudy.mock.internal.journal.Recorder;
import dev.understudy.mock.internal.net.Network;
import dev.understudy.mock.internal.run.RunSink;
import dev.understudy.mock.journal.ConnectionLog;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One open WebSocket: who it belongs to, its channel, and the only way frames leave the server for it.
 *
 * <p>Every send and every timer for a connection runs on the channel's IO thread, so no lock guards
 * its state; calls from other threads are handed to that thread.
 */
public final class Connection implements RunSink {

    private final String id;
    private final Jwt.Identity user;
    private final WebSocketChannel channel;
    private final String path;
    private final Recorder.Recording journal;
    private volatile long lastClientFrameNanos = System.nanoTime();
    private volatile boolean closing;
    private volatile boolean silent;
    /** Characters of text frames handed to Undertow and not yet written to the socket (IO thread only). */
    private long queued;
    private final long maxQueued;
    /** Subtracts a written (or failed) frame from {@link #queued}; its context is the frame's text. */
    private final WebSocketCallback<String> written = new WebSocketCallback<>() {
        @Override
        public void complete(WebSocketChannel ch, String text) {
            queued -= text.length();
        }

        @Override
        public void onError(WebSocketChannel ch, String text, Throwable throwable) {
            queued -= text.length();
        }
    };
    /** The idle-heartbeat timer, cancelled when the socket closes so a closed socket isn't kept for a whole interval. */
    private volatile XnioExecutor.Key heartbeat;
    /** Set by the close task: a timer armed after it (the close can come inside the welcome's write) is cancelled at once. */
    private volatile boolean timersCancelled;
    private final Network network;
    /** With frames paced: when the last frame queued leaves (System.nanoTime), so frames keep their order. */
    private long lastFrameOutNanos;
    /** Made at the first paced frame: most connections are never paced, and an empty deque is ~100 bytes each. */
    private java.util.ArrayDeque<Paced> paced;
    private boolean pumping;

    Connection(String id, String path, Jwt.Identity user, WebSocketChannel channel, Recorder.Recording journal) {
        this(id, path, user, channel, journal, new Network(null), Long.MAX_VALUE);
    }

    Connection(String id, String path, Jwt.Identity user, WebSocketChannel channel, Recorder.Recording journal,
               Network network) {
        this(id, path, user, channel, journal, network, Long.MAX_VALUE);
    }

    /** @param maxQueued characters of outgoing frames past which a client that does not read is closed (1008) */
    Connection(String id, String path, Jwt.Identity user, WebSocketChannel channel, Recorder.Recording journal,
               Network network, long maxQueued) {
        this.network = network;
        this.maxQueued = maxQueued;
        this.id = id;
        this.path = path;
        this.journal = journal;
        this.user = user;
        this.channel = channel;
    }

    public String id() {
        return id;
    }

    /** The upgrade path, {@code /ws} or {@code /api/v1/websocket}: fault scopes match on it. */
    @Override
    public String path() {
        return path;
    }

    Recorder.Recording journal() {
        return journal;
    }

    @Override
    public String userId() {
        return user.userId();
    }

    public Jwt.Identity user() {
        return user;
    }

    public WebSocketChannel channel() {
        return channel;
    }

    void heartbeat(XnioExecutor.Key key) {
        heartbeat = key;
        if (timersCancelled) {
            key.remove();
        }
    }

    /** Cancels the timers this connection holds, and any it arms from now on. */
    void cancelTimers() {
        timersCancelled = true;
        XnioExecutor.Key key = heartbeat;
        if (key != null) {
            key.remove();
        }
    }

    /** Stops every frame to the client and every answer (the no-welcome fault): the socket stays open, mute. */
    public void silence() {
        silent = true;
    }

    public boolean isSilent() {
        return silent;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen() && !closing && !channel.isCloseFrameSent();
    }

    void touch() {
        lastClientFrameNanos = System.nanoTime();
    }

    long lastClientFrameNanos() {
        return lastClientFrameNanos;
    }

    /** Runs a task on this connection's IO thread, now if already there. */
    public void onIoThread(Runnable task) {
        XnioExecutor io = channel.getIoThread();
        if (Thread.currentThread() == io) {
            task.run();
        } else {
            io.execute(task);
        }
    }

    /** Runs a task on this connection's IO thread after a pause. */
    @Override
    public XnioExecutor.Key after(long millis, Runnable task) {
        return channel.getIoThread().executeAfter(task, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends one text frame as is: a JSON frame, or (the {@code malformed} fault) text that is not JSON; silently
     * dropped once the socket is closing or silenced.
     */
    @Override
    public void send(String text) {
        if (!isOpen() || silent) {
            return;
        }
        Network.Pacer pacer = network.current();
        if (pacer == null || !pacer.pacesFrames()) {
            journal.out(text);
            write(text);
            return;
        }
        // the network profile: each frame leaves after its latency and after the one before has gone out
        pace(pacer.frameLatencyNanos(), pacer.transmitNanos(text.length()), () -> {
            if (isOpen() && !silent) {
                journal.out(text);
                write(text);
            }
        });
    }

    /** A paced frame (or close) and when it is due, System.nanoTime. */
    private record Paced(long dueNanos, Runnable task) {
    }

    /**
     * Queues a task due {@code latencyNanos} from now, and never before the one queued before it plus
     * {@code transmitNanos}: one timer per connection drains the queue in order (two XNIO timers with the same
     * deadline are not kept apart, so frames never get a timer each).
     */
    private void pace(long latencyNanos, long transmitNanos, Runnable task) {
        boolean schedule;
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long at = Math.max(now + latencyNanos, lastFrameOutNanos) + transmitNanos;
            lastFrameOutNanos = at;
            if (paced == null) {
                paced = new java.util.ArrayDeque<>();
            }
            paced.add(new Paced(at, task));
            schedule = !pumping;
            pumping = true;
            wait = at - now;
        }
        if (schedule) {
            pumpAfter(wait);
        }
    }

    private void pumpAfter(long nanos) {
        if (nanos <= 0) {
            onIoThread(this::pump);
        } else {
            channel.getIoThread().executeAfter(this::pump, Math.max(1, (nanos + 999_999) / 1_000_000), TimeUnit.MILLISECONDS);
        }
    }

    /** On the IO thread: runs every task that is due, in order, then sleeps until the next one. */
    private void pump() {
        for (int i = 0; i < 10_000; i++) {
            Paced next;
            synchronized (this) {
                next = paced == null ? null : paced.peek();
                if (next == null) {
                    pumping = false;
                    return;
                }
                long wait = next.dueNanos() - System.nanoTime();
                if (wait > 500_000) {
                    pumpAfter(wait);
                    return;
                }
                paced.poll();
            }
            next.task().run();
        }
        pumpAfter(0);
    }

    /** Runs {@code task} once every paced frame queued before it has gone out (now when none is paced). */
    private void afterQueuedFrames(Runnable task) {
        boolean queued;
        synchronized (this) {
            queued = pumping;
        }
        if (queued) {
            pace(0, 0, task);
        } else {
            onIoThread(task);
        }
    }

    /** Hands one text frame to Undertow, counted in {@link #queued} until it is written. */
    private void write(String text) {
        queued += text.length();
        WebSockets.sendText(text, channel, written, text);
        if (queued > maxQueued) {
            notReading();
        }
    }

    /** Counted like the text frames: a client that floods pings and reads nothing is bounded too. */
    void sendPong(java.nio.ByteBuffer payload) {
        if (!isOpen()) {
            return;
        }
        String size = PONG_WEIGHT;
        queued += size.length();
        WebSockets.sendPong(payload, channel, written, size);
        if (queued > maxQueued) {
            notReading();
        }
    }

    /** A pong's weight in {@link #queued}: its payload is at most 125 bytes, plus the header. */
    private static final String PONG_WEIGHT = "x".repeat(128);

    /**
     * The client has left more than the bound of frames unread: 1008, and the connection is cut (a client that does
     * not read would never take the close frame).
     */
    private void notReading() {
        fail(Close.POLICY, "Client is not reading: more than " + maxQueued + " characters of frames queued");
    }

    /**
     * Fails the connection: a close frame with the code, then the TCP connection is cut after a short grace whether
     * or not the client answered (a client that sent garbage, or reads nothing, is not waited for).
     */
    public void fail(int code, String reason) {
        close(code, reason);
        after(FAIL_GRACE_MS, () -> IoUtils.safeClose(channel));
    }

    private static final long FAIL_GRACE_MS = 1000;

    /** Sends a close frame with a code and reason; the future completes once it is written (or failed). */
    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        afterQueuedFrames(() -> {
            if (closing || !channel.isOpen() || channel.isCloseFrameSent()) {
                done.complete(null);
                return;
            }
            closing = true;
            journal.ended(ConnectionLog.Ending.CLOSED_BY_SERVER, code, reason);
            WebSockets.sendClose(code, reason, channel, new WebSocketCallback<>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    done.complete(null);
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                    IoUtils.safeClose(ch);
                    done.complete(null);
                }
            });
        });
        return done;
    }

    /** Closes the TCP connection with no close frame: the client sees 1006. */
    @Override
    public void drop() {
        closing = true;
        journal.ended(ConnectionLog.Ending.DROPPED, 1006, "dropped with no close frame");
        afterQueuedFrames(() -> IoUtils.safeClose(channel));
    }

    @Override
    public void refuse(String message) {
        send(Frames.error("INVALID_MESSAGE", message));
    }

    @Override
    public void struck(dev.understudy.mock.fault.Fault fault, String expectedAfter) {
        journal.fault(fault, expectedAfter);
    }

    @Override
    public String toString() {
        return "Connection[" + id + ", user " + user.userId() + "]";
    }
}
