package dev.understudy.client;

import dev.understudy.client.internal.http.Uris;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything about how {@link AgentSocket} opens one WebSocket: URL, token and where it travels, subprotocols,
 * headers, TLS trust, and the timeouts of the calls that take none.
 *
 * @param uri                   the ws:// or wss:// URL
 * @param token                 the JWT, if any
 * @param placement             where the token travels
 * @param explicitSubprotocols  when present, exactly these subprotocols are offered instead of those the placement
 *                              implies
 * @param extraSubprotocols     offered after the others
 * @param headers               extra upgrade request headers
 * @param sslContext            the trust for wss, empty for the JDK default
 * @param sendTimeout           how long a send may take
 * @param closeTimeout          how long {@link AgentSocket#close()} waits for the server's close frame
 * @param inboxCapacity         how many unread frames the socket keeps before it reports an overflow
 */
public record SocketOptions(URI uri, Optional<String> token, TokenPlacement placement,
                            Optional<List<String>> explicitSubprotocols, List<String> extraSubprotocols,
                            Map<String, String> headers, Optional<SSLContext> sslContext,
                            Duration sendTimeout, Duration closeTimeout, int inboxCapacity) {

    /** The subprotocol staging's clients offer to say "my token is in another entry". */
    public static final String JWT_AUTH = "jwt-auth";

    public SocketOptions {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(placement, "placement");
        explicitSubprotocols = Objects.requireNonNull(explicitSubprotocols, "explicitSubprotocols").map(List::copyOf);
        extraSubprotocols = List.copyOf(extraSubprotocols);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (inboxCapacity < 1) {
            throw new IllegalArgumentException("inboxCapacity must be positive, was " + inboxCapacity);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("Expected a ws:// or wss:// URL, got " + uri);
        }
        boolean needsToken = placement != TokenPlacement.NONE;
        if (needsToken && token.isEmpty()) {
            throw new IllegalArgumentException("Token placement " + placement
                    + " needs a token; set one, or use TokenPlacement.NONE");
        }
    }

    /** A builder for {@code uri}. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** {@code jwt.<base64url of the token, no padding>}: how staging's browser client offers its token. */
    public static String jwtSubprotocol(String token) {
        return "jwt." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code bearer.<token>}. */
    public static String bearerSubprotocol(String token) {
        return "bearer." + token;
    }

    /** {@code jwt-auth.<token>}. */
    public static String jwtAuthSubprotocol(String token) {
        return JWT_AUTH + "." + token;
    }

    /** The subprotocols the upgrade offers, in order. */
    public List<String> offeredSubprotocols() {
        List<String> offered = new ArrayList<>();
        if (explicitSubprotocols.isPresent()) {
            offered.addAll(explicitSubprotocols.get());
        } else if (placement == TokenPlacement.SUBPROTOCOL_AND_HEADER || placement == TokenPlacement.SUBPROTOCOL_ONLY) {
            offered.add(JWT_AUTH);
            offered.add(jwtSubprotocol(token.orElseThrow()));
        }
        offered.addAll(extraSubprotocols);
        return List.copyOf(offered);
    }

    /** The headers the upgrade request carries besides the WebSocket ones. */
    public Map<String, String> requestHeaders() {
        Map<String, String> all = new LinkedHashMap<>();
        if (placement == TokenPlacement.SUBPROTOCOL_AND_HEADER || placement == TokenPlacement.HEADER_ONLY) {
            all.put("Authorization", "Bearer " + token.orElseThrow());
        }
        all.putAll(headers);
        return Collections.unmodifiableMap(all);
    }

    /** The URL the upgrade goes to (with {@code ?token=} for {@link TokenPlacement#QUERY_ONLY}). */
    public URI requestUri() {
        return placement == TokenPlacement.QUERY_ONLY ? Uris.withQueryParameter(uri, "token", token.orElseThrow()) : uri;
    }

    @Override
    public String toString() {
        return "SocketOptions[" + uri + ", " + placement + ", token " + (token.isPresent() ? "set" : "none")
                + ", subprotocols " + explicitSubprotocols.map(l -> l.size() + " explicit").orElse("from placement")
                + " + " + extraSubprotocols.size() + " extra, headers " + headers.keySet() + "]";
    }

    /** Collects socket options; defaults: token placement {@link TokenPlacement#SUBPROTOCOL_AND_HEADER}, send 5 s. */
    public static final class Builder {
        private URI uri;
        private String token;
        private TokenPlacement placement = TokenPlacement.SUBPROTOCOL_AND_HEADER;
        private List<String> explicitSubprotocols;
        private final List<String> extraSubprotocols = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private SSLContext sslContext;
        private Duration sendTimeout = Duration.ofSeconds(5);
        private Duration closeTimeout = Duration.ofSeconds(1);
        private int inboxCapacity = 100_000;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** The ws:// or wss:// URL. */
        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** The JWT; null for none (then use {@link TokenPlacement#NONE}). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Where the token travels. */
        public Builder placement(TokenPlacement placement) {
            this.placement = Objects.requireNonNull(placement, "placement");
            return this;
        }

        /** Offer exactly these subprotocols instead of the placement's (extra ones still follow). */
        public Builder subprotocols(List<String> subprotocols) {
            this.explicitSubprotocols = List.copyOf(subprotocols);
            return this;
        }

        /** Offer exactly these subprotocols instead of the placement's (extra ones still follow). */
        public Builder subprotocols(String... subprotocols) {
            return subprotocols(List.of(subprotocols));
        }

        /** Offer these after the others. */
        public Builder extraSubprotocol(String subprotocol) {
            extraSubprotocols.add(Objects.requireNonNull(subprotocol, "subprotocol"));
            return this;
        }

        /** An extra upgrade request header (replaces an earlier one of the same name). */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The trust for wss; null (default) for the JDK's. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** How long a send may take. */
        public Builder sendTimeout(Duration sendTimeout) {
            this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
            return this;
        }

        /** How long {@link AgentSocket#close()} waits for the server's answer to our close frame. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
            return this;
        }

        /** How many unread frames to keep before reporting an overflow. */
        public Builder inboxCapacity(int inboxCapacity) {
            this.inboxCapacity = inboxCapacity;
            return this;
        }

        /** The options. */
        public SocketOptions build() {
            return new SocketOptions(uri, Optional.ofNullable(token), placement,
                    Optional.ofNullable(explicitSubprotocols), extraSubprotocols, headers,
                    Optional.ofNullable(sslContext), sendTimeout, closeTimeout, inboxCapacity);
        }
    }
}
