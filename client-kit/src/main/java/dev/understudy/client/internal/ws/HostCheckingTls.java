package dev.understudy.client.internal.ws;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Wraps an SSLContext so every engine it makes for the WebSocket checks the server's host name.
 *
 * <p>Why: XNIO creates the engine with the peer's host and port but leaves endpoint identification off, so any
 * certificate the trust accepts would do for any host. Here it is switched on ({@code HTTPS}, as a browser checks)
 * whenever the engine knows the peer's host: a certificate for another host fails the handshake. The TLS versions
 * are the context's own (1.3 and 1.2 with the JDK's defaults).
 */
final class HostCheckingTls extends SSLContext {

    private HostCheckingTls(SSLContext delegate) {
        super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
    }

    /** {@code delegate} (already initialised), or the JDK's default context when null, wrapped. */
    static SSLContext wrap(SSLContext delegate) {
        try {
            return new HostCheckingTls(delegate != null ? delegate : SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no default TLS context", e);
        }
    }

    private static SSLEngine checkingHost(SSLEngine engine) {
        if (engine.getPeerHost() != null) {
            SSLParameters parameters = engine.getSSLParameters();
            if (parameters.getEndpointIdentificationAlgorithm() == null) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(parameters);
            }
        }
        return engine;
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;

        Spi(SSLContext delegate) {
            this.delegate = delegate;
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
            return checkingHost(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return checkingHost(delegate.createSSLEngine(host, port));
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
