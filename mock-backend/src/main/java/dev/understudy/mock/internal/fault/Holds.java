package dev.understudy.mock.internal.fault;

import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import java.io.Closeable;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections faults hold (hang, blackhole, no-welcome), counted against one bound, so that a suite using
 * {@code hang} in a loop cannot exhaust the server's descriptors; and the way a held connection notices that
 * its client left.
 */
public final class Holds {

    private final int max;
    private final AtomicInteger held = new AtomicInteger();

    /** @param max connections held at once; 0 holds none (every fault that would hold refuses instead) */
    public Holds(int max) {
        this.max = max;
    }

    /** No bound: for the wings' old constructors. */
    public static Holds unbounded() {
        return new Holds(Integer.MAX_VALUE);
    }

    /** Takes one place; false when the bound is reached, and the caller refuses the connection instead of holding it. */
    public boolean tryAcquire() {
        for (int n = held.get(); n < max; n = held.get()) {
            if (held.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a place back, once per successful {@link #tryAcquire()}. */
    public void release() {
        held.decrementAndGet();
    }

    /**
     * A release that runs at most once, for a close listener that may race the check made after registering it:
     * a client can leave before the fault strikes, and a listener added to a closed connection never runs.
     */
    public Runnable releaseOnce() {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                release();
            }
        };
    }

    public int held() {
        return held.get();
    }

    public int max() {
        return max;
    }

    /**
     * Reads and discards whatever the client of a held connection sends, and closes the connection at its FIN or
     * RST: nothing is ever answered, but a connection its client left is not kept.
     */
    public static void closeWhenPeerLeaves(ConduitStreamSourceChannel source, Closeable connection) {
        source.getReadSetter().set((ChannelListener<ConduitStreamSourceChannel>) ch -> discard(ch, connection));
        source.resumeReads();
    }

    private static void discard(ConduitStreamSourceChannel ch, Closeable connection) {
        ByteBuffer sink = ByteBuffer.allocate(1024);
        try {
            // bounded per event: a client streaming fast is read again on its next readiness
            for (int i = 0; i < 64; i++) {
                int n = ch.read(sink);
                if (n < 0) {
                    IoUtils.safeClose(connection);
                    return;
                }
                if (n == 0) {
                    return;
                }
                sink.clear();
            }
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }
}
