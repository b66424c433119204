package dev.understudy.mock.internal;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Phase;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.lang.reflect.Method;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TCP-phase fault point: decides per accepted connection whether it is served, held (blackhole) or
 * reset. {@code refuse} is not here: it closes the listener itself.
 */
public final class TcpFaults implements PublicListener.AcceptPolicy {

    private final FaultEngine engine;
    private final Set<StreamConnection> held = ConcurrentHashMap.newKeySet();
    /** Every served connection, so that refuse can end idle keep-alive ones; closed ones are purged as we go. */
    private final Set<StreamConnection> served = ConcurrentHashMap.newKeySet();
    private final AtomicInteger admitted = new AtomicInteger();

    public TcpFaults(FaultEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean admit(StreamConnection connection) {
        if (!engine.armed(Phase.TCP_CONNECT)) {
            return serve(connection);
        }
        Fault fault = engine.decide(Phase.TCP_CONNECT, null, null);
        if (fault instanceof Fault.Blackhole) {
            // never read, never written: the bytes the client sends wait in the kernel until we close at stop
            held.add(connection);
            connection.setCloseListener(held::remove);
            return false;
        }
        if (fault instanceof Fault.Reset) {
            reset(connection);
            return false;
        }
        return serve(connection);
    }

    private boolean serve(StreamConnection connection) {
        served.add(connection);
        if ((admitted.incrementAndGet() & 1023) == 0) {
            served.removeIf(c -> !c.isOpen());
        }
        return true;
    }

    /**
     * Closes every served connection that is not an open WebSocket: a service that went down leaves no idle
     * keep-alive connection behind, so a pooling HTTP client sees the refusal too. Open WebSockets are left alone
     * (end them with {@code drop} if the test wants that).
     */
    public void closeIdleHttp(Set<SocketAddress> webSocketPeers) {
        for (StreamConnection c : served) {
            if (!c.isOpen()) {
                served.remove(c);
            } else if (!webSocketPeers.contains(c.getPeerAddress())) {
                served.remove(c);
                IoUtils.safeClose(c);
            }
        }
    }

    /** Closes with SO_LINGER 0, so the kernel sends RST instead of FIN; a plain close where that can't be reached. */
    static void reset(StreamConnection connection) {
        SocketChannel channel = socketChannel(connection);
        if (channel != null) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (Exception ignored) {
                // fall back to a plain close
            }
        }
        IoUtils.safeClose(connection);
    }

    /**
     * XNIO keeps the JDK channel package-private; reading it reflectively is the only way to ask for an RST.
     * Returns null (a plain close then) on TLS connections and if XNIO changes.
     */
    private static SocketChannel socketChannel(StreamConnection connection) {
        try {
            Method m = connection.getClass().getDeclaredMethod("getChannel");
            m.setAccessible(true);
            Object channel = m.invoke(connection);
            return channel instanceof SocketChannel sc ? sc : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Closes every held connection (at stop). */
    public void releaseAll() {
        held.forEach(IoUtils::safeClose);
        held.clear();
    }
}
