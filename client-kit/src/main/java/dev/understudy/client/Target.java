package dev.understudy.client;

import dev.understudy.client.internal.http.Uris;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The backend a test talks to, the mock or a real staging deployment: its URLs, where tokens come from, and its TLS
 * trust.
 *
 * <p>The mock's target is made by whoever starts the mock ({@link #mock(URI, URI, String)}); staging's comes from the
 * environment ({@link #fromEnvironment()}, which delegates to {@link TargetResolver}).
 *
 * @param kind         mock or staging
 * @param httpBase     base URL of the HTTP endpoints ({@code /health}, ...)
 * @param webSocketUri the WebSocket URL ({@code ws://.../ws})
 * @param authBase     base URL of the auth endpoints ({@code /auth/e2e/test-auth})
 * @param tokens       where tokens come from
 * @param sslContext   the trust for https/wss, empty for the JDK default
 * @param secret       the HS256 secret when known, so tests can forge tokens (see {@link TestTokens})
 */
public record Target(Kind kind, URI httpBase, URI webSocketUri, URI authBase, TokenSource tokens,
                     Optional<SSLContext> sslContext, Optional<String> secret) {

    /** Which backend: the in-process mock or a real staging deployment. */
    public enum Kind {
        /** The in-process mock (understudy's mock-backend). */
        MOCK,
        /** A real deployment, reached over the network. */
        STAGING
    }

    public Target {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(httpBase, "httpBase");
        Objects.requireNonNull(webSocketUri, "webSocketUri");
        Objects.requireNonNull(authBase, "authBase");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(secret, "secret");
    }

    /** The mock at these URLs, with tokens minted with {@code secret} (the auth base is the HTTP base). */
    public static Target mock(URI httpBase, URI webSocketUri, String secret) {
        return new Target(Kind.MOCK, httpBase, webSocketUri, httpBase, TokenSource.minted(secret),
                Optional.empty(), Optional.of(secret));
    }

    /**
     * This target with {@code sslContext} as its https/wss trust (null for the JDK's), e.g. for a mock serving TLS with
     * a self-signed certificate: {@code Target.mock(server.httpUri(), server.webSocketUri(), secret).withSslContext(trust)}.
     */
    public Target withSslContext(SSLContext sslContext) {
        return new Target(kind, httpBase, webSocketUri, authBase, tokens, Optional.ofNullable(sslContext), secret);
    }

    /**
     * What the environment asks for (the {@code contract.target} system property or {@code CONTRACT_TARGET}); for
     * staging, the target itself. See {@link TargetResolver}.
     */
    public static TargetResolver.Resolution fromEnvironment() {
        return TargetResolver.resolve(System.getenv(), TargetResolver.systemProperties());
    }

    /** Whether this is the mock. */
    public boolean isMock() {
        return kind == Kind.MOCK;
    }

    /** The kit's HTTP client for this target (health, ws-config, test-auth, any path), with its trust. */
    public BackendHttpClient httpClient() {
        return BackendHttpClient.forTarget(this);
    }

    /**
     * Socket options for this target: its WebSocket URL and trust, and a token for {@code user} (fetched now, within
     * {@code tokenTimeout}). Change anything else on the returned builder.
     */
    public SocketOptions.Builder socketOptions(String user, Duration tokenTimeout) {
        return SocketOptions.builder(webSocketUri)
                .token(tokens.tokenFor(user, tokenTimeout))
                .sslContext(sslContext.orElse(null));
    }

    /** The WebSocket URL for another path on this server, e.g. {@code /api/v1/websocket}. */
    public URI webSocketUri(String path) {
        return Uris.toWebSocket(httpBase, path);
    }

    @Override
    public String toString() {
        return "Target[" + kind + ", http=" + httpBase + ", ws=" + webSocketUri + ", auth=" + authBase
                + ", tokens=" + tokens + ", tls=" + (sslContext.isPresent() ? "custom trust" : "default")
                + ", secret=" + (secret.isPresent() ? "known" : "unknown") + "]";
    }
}
