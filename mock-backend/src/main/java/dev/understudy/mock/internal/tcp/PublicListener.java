package dev.understudy.mock.internal.tcp;

import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The public port, opened and closed on demand: closing it while connections stay open is how the
 * {@code refuse} fault makes a client see a real "connection refused", and reopening serves the same port again.
 */
public final class PublicListener {

    /** Decides, per accepted TCP connection, whether it is served (the TCP-phase fault point). */
    public interface AcceptPolicy {
        /** @return true to serve the connection; false when the policy has taken it over (held or reset) */
        boolean admit(StreamConnection connection);
    }

    private final Xnio xnio;
    private final XnioWorker worker;
    private final HttpOpenListener openListener;
    private final SSLContext sslContext;
    private final List<String> tlsProtocols;
    private final String host;
    private final AcceptPolicy policy;
    private AcceptingChannel<? extends StreamConnection> server;
    private int port;

    /** @param tlsProtocols the TLS versions served with {@code sslContext}; empty for the JDK's defaults */
    public PublicListener(Xnio xnio, XnioWorker worker, HttpOpenListener openListener, SSLContext sslContext,
                          List<String> tlsProtocols, String host, int port, AcceptPolicy policy) {
        this.xnio = xnio;
        this.worker = worker;
        this.openListener = openListener;
        this.sslContext = sslContext;
        this.tlsProtocols = List.copyOf(tlsProtocols);
        this.host = host;
        this.port = port;
        this.policy = policy;
    }

    /** Starts listening; on first open with port 0 the kernel picks the port, which later opens reuse. */
    public synchronized void open() {
        if (server != null) {
            return;
        }
        OptionMap.Builder options = OptionMap.builder()
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BACKLOG, 1024);
        if (!tlsProtocols.isEmpty()) {
            options.setSequence(Options.SSL_ENABLED_PROTOCOLS, tlsProtocols.toArray(String[]::new));
        }
        OptionMap socketOptions = options.getMap();
        InetSocketAddress address = new InetSocketAddress(host, port);
        try {
            if (sslContext == null) {
                server = worker.createStreamConnectionServer(address, this::accept, socketOptions);
            } else {
                server = new UndertowXnioSsl(xnio, OptionMap.EMPTY, sslContext)
                        .createSslConnectionServer(worker, address, this::accept, socketOptions);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.resumeAccepts();
        port = server.getLocalAddress(InetSocketAddress.class).getPort();
    }

    private void accept(AcceptingChannel<? extends StreamConnection> channel) {
        try {
            StreamConnection connection;
            while ((connection = channel.accept()) != null) {
                if (policy.admit(connection)) {
                    openListener.handleEvent(connection);
                }
            }
        } catch (IOException e) {
            // the listener was closed under us (refuse, stop): nothing to accept
        }
    }

    /** Stops listening: new connections are refused by the kernel; open ones are untouched. */
    public synchronized void close() {
        if (server != null) {
            IoUtils.safeClose(server);
            server = null;
        }
    }

    public synchronized int port() {
        return port;
    }
}
