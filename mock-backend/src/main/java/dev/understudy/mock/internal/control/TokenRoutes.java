package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.auth.Jwt;
import dev.understudy.mock.internal.http.Http;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The admin API's token route: a token for any user, signed with the server's secret, so that a client in another
 * language need not know it.
 *
 * <pre>
 * POST   /tokens           {"user":"alice","claims":{...},"ttl_seconds":3600} → 200 {"token","user","expires_at"}
 * </pre>
 */
final class TokenRoutes implements Consumer<RoutingHandler> {

    private static final long MAX_TTL_SECONDS = 366L * 24 * 3600;

    private final Jwt jwt;

    TokenRoutes(Jwt jwt) {
        this.jwt = jwt;
    }

    @Override
    public void accept(RoutingHandler routes) {
        routes.post("/tokens", this::mint);
    }

    private void mint(HttpServerExchange ex) {
        ex.getRequestReceiver().receiveFullString((e, text) -> {
            JsonNode body;
            try {
                body = Json.parseObject(text, "request body");
            } catch (IllegalArgumentException bad) {
                Http.detail(e, 400, bad.getMessage());
                return;
            }
            String problem = problem(body);
            if (problem != null) {
                Http.detail(e, 400, problem);
                return;
            }
            String user = body.get("user").asText();
            double ttl = body.path("ttl_seconds").asDouble(3600);
            Map<String, Object> claims = new LinkedHashMap<>();
            body.path("claims").properties().forEach(f -> claims.put(f.getKey(), Json.MAPPER.convertValue(f.getValue(), Object.class)));
            String token = jwt.mint(user, user + "@example.com", List.of("read", "write"),
                    Duration.ofMillis(Math.max(1, Math.round(ttl * 1000))), "access", claims);
            ObjectNode reply = Json.object();
            reply.put("token", token);
            reply.put("user", user);
            reply.put("expires_at", expiresAt(token));
            Http.json(e, 200, reply);
        }, (e, failure) -> Http.detail(e, 400, "Could not read the request body: " + failure.getMessage()));
    }

    /** Null when the body of {@code POST /tokens} is good, else what is wrong with which field. */
    static String problem(JsonNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!List.of("user", "claims", "ttl_seconds").contains(name)) {
                return name + ": unknown field; expected user, claims, ttl_seconds";
            }
        }
        JsonNode user = body.get("user");
        if (user == null || !user.isTextual() || user.asText().isBlank()) {
            return "user: required, a non-empty string (the token's sub), got " + (user == null ? "nothing" : user.toString());
        }
        JsonNode ttl = body.get("ttl_seconds");
        if (ttl != null && (!ttl.isNumber() || ttl.asDouble() <= 0 || ttl.asDouble() > MAX_TTL_SECONDS)) {
            return "ttl_seconds: expected a positive number of seconds up to " + MAX_TTL_SECONDS + ", got " + ttl;
        }
        JsonNode claims = body.get("claims");
        if (claims != null && !claims.isObject()) {
            return "claims: expected an object of extra claims, got " + claims;
        }
        if (claims != null && claims.has("sub")) {
            return "claims.sub: set by the user field, not a claim";
        }
        if (claims != null && claims.has("exp")) {
            return "claims.exp: set by ttl_seconds, not a claim";
        }
        return null;
    }

    /** The token's own {@code exp}, so the answer and the token agree to the second. */
    private static double expiresAt(String token) {
        String payload = token.split("\\.")[1];
        try {
            return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(payload)).get("exp").asDouble();
        } catch (IOException e) {
            throw new IllegalStateException("a token this server minted does not parse", e);
        }
    }
}
