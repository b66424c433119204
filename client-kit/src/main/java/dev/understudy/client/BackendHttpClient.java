package dev.understudy.client;

import dev.understudy.client.internal.http.HttpExchange;
import dev.understudy.client.internal.Json;
import dev.understudy.client.internal.Texts;
import dev.understudy.client.internal.http.Uris;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The kit's HTTP client for a backend: {@code /health}, {@code /api/health}, {@code /ws/config}, the test-auth
 * endpoint or any other path, over the JDK's {@code HttpClient}, honouring the target's TLS trust.
 *
 * <p>Every status is a {@link HttpReply}; only transport failures throw, as an {@link OutcomeException} reached within
 * the call's timeout: {@code ConnectionRefused}, {@code ConnectTimeout} (no TCP connection in time),
 * {@code HandshakeTimeout} (connected, no answer in time), {@code ConnectionDropped} (closed before an answer).
 * Paths are appended to the base URL's path. HTTP/1.1 only, redirects not followed.
 */
public final class BackendHttpClient {

    private final URI baseUri;
    private final HttpExchange http;

    private BackendHttpClient(URI baseUri, Optional<SSLContext> sslContext) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.http = new HttpExchange(sslContext);
    }

    /** A client for the target's HTTP base URL, with its trust (also {@link Target#httpClient()}). */
    public static BackendHttpClient forTarget(Target target) {
        return new BackendHttpClient(target.httpBase(), target.sslContext());
    }

    /** A builder, for a base URL without a {@link Target}. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** The base URL paths are appended to. */
    public URI baseUri() {
        return baseUri;
    }

    /** {@code GET path}. */
    public HttpReply get(String path, Duration timeout) {
        return send("GET", path, HttpRequest.newBuilder(uri(path)).GET(), timeout);
    }

    /** {@code HEAD path} (the reply's body is empty). */
    public HttpReply head(String path, Duration timeout) {
        return send("HEAD", path, HttpRequest.newBuilder(uri(path)).method("HEAD",
                HttpRequest.BodyPublishers.noBody()), timeout);
    }

    /**
     * {@code POST path} with a JSON body.
     *
     * @param headers  extra request headers (the JDK refuses restricted ones such as {@code Host})
     * @param jsonBody a {@link String} is sent as is; anything else (a Map, a JsonNode, a record) is written by
     *                 Jackson
     */
    public HttpReply post(String path, Map<String, String> headers, Object jsonBody, Duration timeout) {
        String body = jsonBody instanceof String ? (String) jsonBody : Json.write(jsonBody);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send("POST", path, request, timeout);
    }

    /** {@code GET /health}. */
    public HttpReply health(Duration timeout) {
        return get("/health", timeout);
    }

    /** {@code GET /api/health}. */
    public HttpReply apiHealth(Duration timeout) {
        return get("/api/health", timeout);
    }

    /** {@code GET /ws/config}. */
    public HttpReply wsConfig(Duration timeout) {
        return get("/ws/config", timeout);
    }

    private HttpReply send(String method, String path, HttpRequest.Builder request, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return http.send(request, timeout, "an answer to " + method + " " + path + " within " + Texts.millis(timeout));
    }

    private URI uri(String path) {
        return Uris.append(baseUri, Objects.requireNonNull(path, "path"));
    }

    @Override
    public String toString() {
        return "BackendHttpClient[" + baseUri + "]";
    }

    /** Options of a {@link BackendHttpClient}: the base URL and the TLS trust. */
    public static final class Builder {
        private final URI baseUri;
        private SSLContext sslContext;

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        /** The trust for https; null (default) for the JDK's. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** The client. */
        public BackendHttpClient build() {
            return new BackendHttpClient(baseUri, Optional.ofNullable(sslContext));
        }
    }
}
