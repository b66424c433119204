package dev.understudy.client.internal.token;

import dev.understudy.client.internal.Json;
import dev.understudy.client.internal.Texts;
import dev.understudy.client.internal.OutcomeMapper;
import dev.understudy.client.internal.http.HttpExchange;
import dev.understudy.client.internal.http.Uris;
import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.client.HttpReply;
import dev.understudy.client.Outcome;
import dev.understudy.client.Outcome.Trace;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.TokenSource;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets tokens from staging's {@code POST /auth/e2e/test-auth}, keeping each user's token for half its lifetime so a
 * suite does not call the endpoint once per socket.
 */
public final class TestAuthTokenSource implements TokenSource {

    /** The path of the endpoint, appended to the auth base URL's path. */
    public static final String PATH = "/auth/e2e/test-auth";
    /** The header that carries the bypass key. */
    public static final String BYPASS_HEADER = "X-E2E-Bypass-Key";

    private final URI endpoint;
    private final String bypassKey;
    private final HttpExchange http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public TestAuthTokenSource(URI authBase, String bypassKey, Optional<SSLContext> sslContext) {
        this.endpoint = Uris.append(Objects.requireNonNull(authBase, "authBase"), PATH);
        this.bypassKey = Objects.requireNonNull(bypassKey, "bypassKey");
        this.http = new HttpExchange(Objects.requireNonNull(sslContext, "sslContext"));
    }

    @Override
    public String tokenFor(String user, Duration timeout) {
        Objects.requireNonNull(user, "user");
        Cached cached = cache.get(user);
        if (cached != null && System.nanoTime() < cached.validUntilNanos) {
            return cached.token;
        }
        return fetch(user, timeout);
    }

    private String fetch(String user, Duration timeout) {
        long start = System.nanoTime();
        String expected = "POST " + endpoint + " to answer 200 with an access_token within " + Texts.millis(timeout);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", user);
        body.put("name", displayName(user));
        body.put("permissions", List.of());
        HttpReply reply = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header(BYPASS_HEADER, bypassKey)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))), timeout, expected);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (reply.status() != 200) {
            throw new OutcomeException(expected,
                    OutcomeMapper.unexpectedStatus(reply.status(), reply.body(), elapsed, "test-auth"));
        }
        JsonNode json;
        try {
            json = reply.json();
        } catch (IllegalStateException e) {
            throw new OutcomeException(expected, new Outcome.ProtocolViolation(
                    "test-auth answered 200 with a body that is not JSON", new Trace(elapsed, reply.body())), e);
        }
        JsonNode token = json.path("access_token");
        if (!token.isTextual() || token.asText().isBlank()) {
            throw new OutcomeException(expected, new Outcome.ProtocolViolation(
                    "test-auth answered 200 without a string access_token", new Trace(elapsed, reply.body())));
        }
        long lifetimeSeconds = json.path("expires_in").asLong(900);
        long validFor = Duration.ofSeconds(Math.max(0, lifetimeSeconds) / 2).toNanos();
        cache.put(user, new Cached(token.asText(), System.nanoTime() + validFor));
        return token.asText();
    }

    @Override
    public boolean issuesPerUser() {
        return true;
    }

    private static String displayName(String user) {
        int at = user.indexOf('@');
        String local = at < 0 ? user : user.substring(0, at);
        return "E2E " + local;
    }

    @Override
    public String toString() {
        return "TokenSource.testAuth(" + endpoint + ")";
    }

    private record Cached(String token, long validUntilNanos) {
    }
}
