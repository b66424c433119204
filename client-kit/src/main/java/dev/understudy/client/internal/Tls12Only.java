package dev.understudy.client.internal;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps an SSLContext so the engines it makes for the WebSocket speak at most TLS 1.2 and check the host name.
 *
 * <p>Why: Undertow's WebSocket client (2.3.x, over XNIO's SSL conduit) never completes a TLS 1.3 handshake; the
 * upgrade just hangs until its timeout (seen here against a JDK 17 TLS 1.3 server, and reported upstream, e.g.
 * networknt/light-4j#2726). Capping the client at TLS 1.2 makes wss work against any server that still accepts 1.2.
 * Undertow also leaves endpoint identification off, so it is switched on here whenever the engine knows the peer's
 * host: a certificate for another host fails the handshake as it would in a browser. Undertow then reports a failed
 * handshake only as a closed channel, so the engines remember the TLS failure ({@link #lastFailure()}); wrap once
 * per connection to know which connection it belongs to.
 */
public final class Tls12Only extends SSLContext {

    private static final String TLS13 = "TLSv1.3";

    private final AtomicReference<SSLException> lastFailure;

    private Tls12Only(SSLContext delegate, AtomicReference<SSLException> lastFailure) {
        super(new Spi(delegate, lastFailure), delegate.getProvider(), delegate.getProtocol());
        this.lastFailure = lastFailure;
    }

    /** A fresh wrapper of {@code delegate} (which must already be initialised), for one connection. */
    public static Tls12Only wrap(SSLContext delegate) {
        AtomicReference<SSLException> failure = new AtomicReference<>();
        return new Tls12Only(delegate, failure);
    }

    /** The TLS failure an engine of this context threw, if any. */
    public Optional<SSLException> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /** The JDK's default context, wrapped. */
    public static Tls12Only wrapDefault() {
        try {
            return wrap(SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no default TLS context", e);
        }
    }

    static SSLEngine restrict(SSLEngine engine) {
        String[] protocols = Arrays.stream(engine.getEnabledProtocols()).filter(p -> !p.equals(TLS13))
                .toArray(String[]::new);
        SSLParameters parameters = engine.getSSLParameters();
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        if (engine.getPeerHost() != null && parameters.getEndpointIdentificationAlgorithm() == null) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final AtomicReference<SSLException> lastFailure;

        Spi(SSLContext delegate, AtomicReference<SSLException> lastFailure) {
            this.delegate = delegate;
            this.lastFailure = lastFailure;
        }

        private SSLEngine recording(SSLEngine engine) {
            return new RecordingSslEngine(restrict(engine), lastFailure::set);
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
            throw new UnsupportedOperationException("a wrapped context is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return recording(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return recording(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}
