package dev.understudy.client.internal.ws;

import io.undertow.websockets.jsr.WebsocketClientSslProvider;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import org.xnio.XnioWorker;
import org.xnio.ssl.XnioSsl;

import javax.net.ssl.SSLContext;
import java.net.URI;

/**
 * Gives the kit's {@code wss://} connections XNIO's JSSE TLS instead of Undertow's own, so TLS 1.3 works.
 *
 * <p>Why: Undertow's Jakarta client normally wraps the connection in {@code UndertowXnioSsl}, whose conduit never
 * completes a TLS 1.3 handshake (the upgrade hangs until its timeout: seen with Undertow 2.3 against a JDK 17 server
 * restricted to TLS 1.3). XNIO's {@code JsseXnioSsl} over the same {@link javax.net.ssl.SSLEngine} completes it, and
 * reports a failed handshake as the {@link javax.net.ssl.SSLHandshakeException} it is rather than a closed channel
 * ({@link NoDelaySsl} also turns Nagle off, which Undertow leaves on).
 * Undertow looks this provider up through {@code META-INF/services}; it answers only for a connection whose
 * configuration carries {@link #TLS_CONTEXT} (the kit's own), and leaves every other Undertow client alone.
 */
public final class JsseTlsProvider implements WebsocketClientSslProvider {

    /** The user property under which {@link Connector} hands over the (host-checking) context of one connection. */
    public static final String TLS_CONTEXT = "dev.understudy.client.tls-context";

    @Override
    public XnioSsl getSsl(XnioWorker worker, Class<?> annotatedEndpoint, URI uri) {
        return null;
    }

    @Override
    public XnioSsl getSsl(XnioWorker worker, Object annotatedEndpointInstance, URI uri) {
        return null;
    }

    @Override
    public XnioSsl getSsl(XnioWorker worker, Endpoint endpoint, ClientEndpointConfig config, URI uri) {
        Object context = config.getUserProperties().get(TLS_CONTEXT);
        return context instanceof SSLContext
                ? new NoDelaySsl(worker.getXnio(), (SSLContext) context)
                : null;
    }
}
