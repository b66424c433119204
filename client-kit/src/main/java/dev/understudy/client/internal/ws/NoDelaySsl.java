package dev.understudy.client.internal.ws;

import org.xnio.ChannelListener;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.channels.BoundChannel;
import org.xnio.channels.ConnectedSslStreamChannel;
import org.xnio.ssl.JsseXnioSsl;
import org.xnio.ssl.SslConnection;
import org.xnio.ssl.XnioSsl;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * XNIO's JSSE TLS ({@link JsseXnioSsl}) with its client connections opened with {@code TCP_NODELAY}.
 *
 * <p>Why: Undertow's client opens the connection with no socket options, so Nagle's algorithm holds the upgrade
 * request that follows the client's last handshake message until the server's delayed ACK (about 40 ms on Linux):
 * every wss connect cost that much more than the same connect over ws.
 */
@SuppressWarnings("deprecation") // XnioSsl's abstract connectSsl/createSslTcpServer name a deprecated channel type
final class NoDelaySsl extends XnioSsl {

    private final XnioSsl delegate;

    /** XNIO's JSSE TLS over {@code context}, opening its connections with {@code TCP_NODELAY}. */
    NoDelaySsl(Xnio xnio, SSLContext context) {
        super(xnio, context, OptionMap.EMPTY);
        this.delegate = new JsseXnioSsl(xnio, OptionMap.EMPTY, context);
    }

    private static OptionMap noDelay(OptionMap options) {
        return OptionMap.builder().addAll(options).set(Options.TCP_NODELAY, true).getMap();
    }

    @Override
    public IoFuture<SslConnection> openSslConnection(XnioWorker worker, InetSocketAddress bindAddress,
                                                     InetSocketAddress destination,
                                                     ChannelListener<? super SslConnection> openListener,
                                                     ChannelListener<? super BoundChannel> bindListener,
                                                     OptionMap options) {
        return delegate.openSslConnection(worker, bindAddress, destination, openListener, bindListener, noDelay(options));
    }

    @Override
    public IoFuture<SslConnection> openSslConnection(XnioIoThread ioThread, InetSocketAddress bindAddress,
                                                     InetSocketAddress destination,
                                                     ChannelListener<? super SslConnection> openListener,
                                                     ChannelListener<? super BoundChannel> bindListener,
                                                     OptionMap options) {
        return delegate.openSslConnection(ioThread, bindAddress, destination, openListener, bindListener,
                noDelay(options));
    }

    @Override
    public IoFuture<ConnectedSslStreamChannel> connectSsl(XnioWorker worker, InetSocketAddress bindAddress,
                                                          InetSocketAddress destination,
                                                          ChannelListener<? super ConnectedSslStreamChannel> openListener,
                                                          ChannelListener<? super BoundChannel> bindListener,
                                                          OptionMap options) {
        return delegate.connectSsl(worker, bindAddress, destination, openListener, bindListener, noDelay(options));
    }

    @Override
    public AcceptingChannel<ConnectedSslStreamChannel> createSslTcpServer(
            XnioWorker worker, InetSocketAddress bindAddress,
            ChannelListener<? super AcceptingChannel<ConnectedSslStreamChannel>> acceptListener, OptionMap options)
            throws IOException {
        return delegate.createSslTcpServer(worker, bindAddress, acceptListener, options);
    }

    @Override
    public AcceptingChannel<SslConnection> createSslConnectionServer(
            XnioWorker worker, InetSocketAddress bindAddress,
            ChannelListener<? super AcceptingChannel<SslConnection>> acceptListener, OptionMap options)
            throws IOException {
        return delegate.createSslConnectionServer(worker, bindAddress, acceptListener, options);
    }
}
