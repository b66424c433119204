package dev.understudy.mock.internal.tcp;

import dev.understudy.mock.fault.Phase;
import dev.understudy.mock.fault.TcpFault;
import dev.understudy.mock.internal.fault.FaultEngine;
import dev.understudy.mock.internal.fault.Holds;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.lang.reflect.Method;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The TCP wing's faults: per accepted connection, whether it is served, held (blackhole) or reset; and, for
 * {@code refuse}, closing the listener itself (see {@link #refuseChanged}).
 */
public final class TcpFaults implements PublicListener.AcceptPolicy {

    private final FaultEngine engine;
    private final Set<StreamConnection> held = ConcurrentHashMap.newKeySet();
    /** Every open served connection, so that refuse can end idle keep-alive ones; each leaves as it closes. */
    private final Set<StreamConnection> served = ConcurrentHashMap.newKeySet();
    private final Holds holds;

    public TcpFaults(FaultEngine engine) {
        this(engine, Holds.unbounded());
    }

    /** @param holds the bound blackholed connections count against, with the other faults that hold one */
    public TcpFaults(FaultEngine engine, Holds holds) {
        this.engine = engine;
        this.holds = holds;
    }

    @Override
    public boolean admit(StreamConnection connection) {
        if (!engine.armed(Phase.TCP_CONNECT)) {
            return serve(connection);
        }
        TcpFault fault = (TcpFault) engine.decide(Phase.TCP_CONNECT, null, null);
        if (fault == null) {
            return serve(connection);
        }
        Strike strike = new Strike(connection);
        fault.apply(strike);
        return strike.served;
    }

    /** One fault on one accepted connection. */
    private final class Strike implements TcpFault.Injector {
        private final StreamConnection connection;
        private boolean served;

        Strike(StreamConnection connection) {
            this.connection = connection;
        }

        @Override
        public void refuse() {
            // accepted just as the listener closes: the refusal is the listener's, this one is served
            served = serve(connection);
        }

        @Override
        public void blackhole() {
            // never answered; what the client sends is read and discarded, so that its FIN or RST is seen and the
            // connection let go; past the bound of held connections it is closed instead
            if (!holds.tryAcquire()) {
                IoUtils.safeClose(connection);
                return;
            }
            held.add(connection);
            Runnable release = holds.releaseOnce();
            connection.setCloseListener(c -> {
                held.remove(c);
                release.run();
            });
            if (!connection.isOpen()) {
                held.remove(connection);
                release.run();
                return;
            }
            Holds.closeWhenPeerLeaves(connection.getSourceChannel(), connection);
        }

        @Override
        public void reset() {
            TcpFaults.reset(connection);
        }
    }

    /**
     * refuse on: nothing listens on the public port and idle keep-alive connections are closed (open WebSockets,
     * whose peers {@code webSocketPeers} names, stay); off: the same port serves again.
     */
    public void refuseChanged(boolean refusing, PublicListener listener, Supplier<Set<SocketAddress>> webSocketPeers) {
        if (refusing) {
            listener.close();
            closeIdleHttp(webSocketPeers.get());
        } else {
            listener.open();
        }
    }

    /**
     * Tracks a served connection until it closes. XNIO merges close listeners, so HTTP's own (set after this) still
     * runs; the connection leaves the set at its close rather than being held, with its channels, until a sweep.
     */
    private boolean serve(StreamConnection connection) {
        served.add(connection);
        connection.setCloseListener(served::remove);
        if (!connection.isOpen()) {
            // closed before the listener was set: a listener set on a closed connection never runs
            served.remove(connection);
        }
        return true;
    }

    /** How many served connections are tracked now (open ones; a closed one leaves at its close). */
    int tracked() {
        return served.size();
    }

    /**
     * Closes every served connection that is not an open WebSocket: a service that went down leaves no idle
     * keep-alive connection behind, so a pooling HTTP client sees the refusal too. Open WebSockets are left alone
     * (end them with {@code drop} if the test wants that).
     */
    private void closeIdleHttp(Set<SocketAddress> webSocketPeers) {
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
