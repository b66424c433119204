package dev.understudy.mock.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.auth.Jwt;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /auth/e2e/test-auth}: trades the bypass key for a token pair (docs/contract.md §1). */
public final class TestAuthHandler implements HttpHandler {

    static final Duration ACCESS_TTL = Duration.ofSeconds(900);
    static final Duration REFRESH_TTL = Duration.ofDays(7);

    private final Jwt jwt;
    /** The key {@code X-E2E-Bypass-Key} must carry, or null when the endpoint is off (503). */
    private final String bypassKey;

    public TestAuthHandler(Jwt jwt, String bypassKey) {
        this.jwt = jwt;
        this.bypassKey = bypassKey;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            Http.methodNotAllowed(exchange);
            return;
        }
        if (bypassKey == null) {
            Http.detail(exchange, 503, "E2E bypass key not configured");
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("X-E2E-Bypass-Key");
        if (key == null) {
            Http.detail(exchange, 401, "Missing X-E2E-Bypass-Key header");
            return;
        }
        if (!MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), bypassKey.getBytes(StandardCharsets.UTF_8))) {
            Http.detail(exchange, 401, "Invalid E2E bypass key");
            return;
        }
        exchange.getRequestReceiver().receiveFullString((ex, text) -> answer(ex, text),
                (ex, e) -> Http.detail(ex, 400, "Could not read the request body: " + e.getMessage()));
    }

    private void answer(HttpServerExchange exchange, String text) {
        JsonNode body;
        try {
            body = Json.parseObject(text, "request body");
        } catch (IllegalArgumentException e) {
            Http.detail(exchange, 422, e.getMessage());
            return;
        }
        JsonNode emailNode = body.get("email");
        if (emailNode == null || !emailNode.isTextual() || !emailNode.asText().contains("@")) {
            Http.detail(exchange, 422, "email: expected an email address such as \"e2e@example.com\", got "
                    + (emailNode == null ? "nothing" : emailNode.toString()));
            return;
        }
        String email = emailNode.asText();
        String name = body.path("name").isTextual() ? body.get("name").asText() : email.substring(0, email.indexOf('@'));
        List<String> permissions = new ArrayList<>();
        body.path("permissions").forEach(p -> permissions.add(p.asText()));
        String userId = "e2e-" + email.substring(0, email.indexOf('@'));

        ObjectNode reply = Json.object();
        reply.put("access_token", jwt.mintAccess(userId, email, permissions, ACCESS_TTL));
        reply.put("refresh_token", jwt.mint(userId, email, permissions, REFRESH_TTL, "refresh"));
        reply.put("token_type", "Bearer");
        reply.put("expires_in", ACCESS_TTL.toSeconds());
        ObjectNode user = reply.putObject("user");
        user.put("id", userId);
        user.put("email", email);
        user.put("name", name);
        ArrayNode perms = user.putArray("permissions");
        permissions.forEach(perms::add);
        Http.json(exchange, 200, reply);
    }
}
