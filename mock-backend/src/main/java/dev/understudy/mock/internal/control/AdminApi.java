package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.fault.FaultSpec;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.auth.Jwt;
import dev.understudy.mock.internal.fault.FaultEngine;
import dev.understudy.mock.internal.http.ErrorHandler;
import dev.understudy.mock.internal.http.Health;
import dev.understudy.mock.internal.http.Http;
import dev.understudy.mock.journal.ConnectionLog;
import dev.understudy.mock.journal.Journal;
import dev.understudy.mock.journal.FrameLog;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The admin HTTP API on its own port: one small handler per route, the same engine and journal as the Java API.
 *
 * <pre>
 * GET    /                 the server's URLs
 * GET    /faults           every rule (active, then recently spent)
 * POST   /faults           add one fault object or an array of them      → 201 {"faults":[...]}
 * GET    /faults/{id}      one rule
 * DELETE /faults/{id}      remove it                                     → 204, or 404
 * DELETE /faults           remove every rule                             → 204
 * GET    /presets          the preset names
 * POST   /presets/{name}   add every fault of a preset                   → 201 {"faults":[...]}
 * GET    /journal          every connection the journal keeps
 * GET    /journal/{id}     one connection
 * DELETE /journal          forget them                                   → 204
 * PUT    /health           {"healthy":false,"message":"..."} makes /health answer 503
 * POST   /reset            faults, the health switch and the journal back to a fresh start → 200 {"faults_removed":N}
 * POST   /tokens           {"user":"alice","claims":{...},"ttl_seconds":3600} → 200 {"token","user","expires_at"}
 * </pre>
 */
public final class AdminApi {

    /** Adds specs to the server; the server's own method, so both doors share one path. */
    public interface Injector extends Function<FaultSpec, FaultHandle> {
    }

    private final FaultEngine faults;
    private final Journal journal;
    private final Health health;
    private final Jwt jwt;
    private final Injector injector;
    private final Supplier<ObjectNode> urls;
    private final String token;
    private Consumer<RoutingHandler> more = r -> { };

    /**
     * @param token required as {@code Authorization: Bearer <token>} when not null (non-loopback binds)
     */
    public AdminApi(FaultEngine faults, Journal journal, Health health, Jwt jwt, Injector injector,
                    Supplier<ObjectNode> urls, String token) {
        this.faults = faults;
        this.journal = journal;
        this.health = health;
        this.jwt = jwt;
        this.injector = injector;
        this.urls = urls;
        this.token = token;
    }

    /** Adds routes another wing serves on this API (the network profile's); call before {@link #handler()}. */
    public AdminApi with(Consumer<RoutingHandler> extra) {
        Consumer<RoutingHandler> before = more;
        more = r -> {
            before.accept(r);
            extra.accept(r);
        };
        return this;
    }

    public HttpHandler handler() {
        RoutingHandler routes = new RoutingHandler();
        more.accept(routes);
        routes
                .get("/", ex -> Http.json(ex, 200, urls.get()))
                .get("/faults", this::listFaults)
                .post("/faults", this::addFaults)
                .get("/faults/{id}", this::getFault)
                .delete("/faults/{id}", this::removeFault)
                .delete("/faults", ex -> {
                    faults.reset();
                    noContent(ex);
                })
                .get("/presets", ex -> {
                    ObjectNode body = Json.object();
                    ArrayNode names = body.putArray("presets");
                    Fixtures.names(Fixtures.PRESETS).forEach(names::add);
                    Http.json(ex, 200, body);
                })
                .post("/presets/{name}", this::applyPreset)
                .get("/journal", ex -> {
                    ObjectNode body = Json.object();
                    ArrayNode list = body.putArray("connections");
                    journal.connections().forEach(c -> list.add(toJson(c)));
                    Http.json(ex, 200, body);
                })
                .get("/journal/{id}", ex -> journal.connection(param(ex, "id")).ifPresentOrElse(
                        c -> Http.json(ex, 200, toJson(c)),
                        () -> Http.detail(ex, 404, "No journal entry '" + param(ex, "id") + "'")))
                .delete("/journal", ex -> {
                    journal.clear();
                    noContent(ex);
                })
                .put("/health", this::setHealth)
                .post("/reset", this::reset)
                .post("/tokens", this::mintToken)
                .setFallbackHandler(Http::notFound)
                .setInvalidMethodHandler(Http::methodNotAllowed);
        HttpHandler guarded = token == null ? routes : ex -> {
            if (authorized(ex)) {
                routes.handleRequest(ex);
            } else {
                Http.detail(ex, 401, "The admin API is bound to a non-loopback address: send Authorization: Bearer <admin token>");
            }
        };
        return new ErrorHandler(guarded);
    }

    private boolean authorized(HttpServerExchange ex) {
        String auth = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        String expected = "Bearer " + token;
        return auth != null && MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private void listFaults(HttpServerExchange ex) {
        Http.json(ex, 200, rules(faults.list()));
    }

    private void getFault(HttpServerExchange ex) {
        FaultRule rule = faults.get(param(ex, "id"));
        if (rule == null) {
            Http.detail(ex, 404, "No fault '" + param(ex, "id") + "'");
        } else {
            Http.json(ex, 200, FaultCodec.toJson(rule));
        }
    }

    private void removeFault(HttpServerExchange ex) {
        if (faults.remove(param(ex, "id"))) {
            noContent(ex);
        } else {
            Http.detail(ex, 404, "No active fault '" + param(ex, "id") + "'");
        }
    }

    private void addFaults(HttpServerExchange ex) {
        ex.getRequestReceiver().receiveFullString((e, body) -> {
            List<FaultSpec> specs;
            try {
                specs = FaultCodec.parseAll(body, "request body");
            } catch (IllegalArgumentException bad) {
                Http.detail(e, 400, bad.getMessage());
                return;
            }
            inject(e, specs);
        }, (e, failure) -> Http.detail(e, 400, "Could not read the request body: " + failure.getMessage()));
    }

    private void applyPreset(HttpServerExchange ex) {
        String name = param(ex, "name");
        List<FaultSpec> specs;
        try {
            specs = FaultCodec.preset(name);
        } catch (IllegalArgumentException unknown) {
            Http.detail(ex, 404, unknown.getMessage());
            return;
        }
        inject(ex, specs);
    }

    private void inject(HttpServerExchange ex, List<FaultSpec> specs) {
        // all or nothing: a spec the engine refuses (e.g. a counted refuse) rolls back the ones before it
        List<FaultHandle> added = new java.util.ArrayList<>();
        try {
            for (FaultSpec spec : specs) {
                added.add(injector.apply(spec));
            }
        } catch (IllegalArgumentException refused) {
            added.forEach(FaultHandle::close);
            Http.detail(ex, 400, refused.getMessage());
            return;
        }
        Http.json(ex, 201, rules(added.stream().map(FaultHandle::rule).toList()));
    }

    private void setHealth(HttpServerExchange ex) {
        ex.getRequestReceiver().receiveFullString((e, body) -> {
            JsonNode node;
            try {
                node = Json.parseObject(body, "request body");
            } catch (IllegalArgumentException bad) {
                Http.detail(e, 400, bad.getMessage());
                return;
            }
            JsonNode healthy = node.get("healthy");
            if (healthy == null || !healthy.isBoolean()) {
                Http.detail(e, 400, "healthy: expected true or false, got " + healthy);
                return;
            }
            health.unhealthy(healthy.asBoolean() ? null : node.path("message").asText("unhealthy (set by the admin API)"));
            noContent(e);
        });
    }

    /** Everything a test may have changed, in one call: what a harness does between two tests. */
    private void reset(HttpServerExchange ex) {
        long removed = faults.list().stream().filter(FaultRule::active).count();
        faults.reset();
        health.unhealthy(null);
        journal.clear();
        ObjectNode body = Json.object();
        body.put("faults_removed", removed);
        Http.json(ex, 200, body);
    }

    private static final long MAX_TTL_SECONDS = 366L * 24 * 3600;

    /** A token for any user, signed with the server's secret, so a client in another language need not know it. */
    private void mintToken(HttpServerExchange ex) {
        ex.getRequestReceiver().receiveFullString((e, text) -> {
            JsonNode body;
            try {
                body = Json.parseObject(text, "request body");
            } catch (IllegalArgumentException bad) {
                Http.detail(e, 400, bad.getMessage());
                return;
            }
            String problem = tokenRequestProblem(body);
            if (problem != null) {
                Http.detail(e, 400, problem);
                return;
            }
            String user = body.get("user").asText();
            double ttl = body.path("ttl_seconds").asDouble(3600);
            java.util.Map<String, Object> claims = new java.util.LinkedHashMap<>();
            body.path("claims").properties().forEach(f -> claims.put(f.getKey(), Json.MAPPER.convertValue(f.getValue(), Object.class)));
            String token = jwt.mint(user, user + "@example.com", List.of("read", "write"),
                    java.time.Duration.ofMillis(Math.max(1, Math.round(ttl * 1000))), "access", claims);
            ObjectNode reply = Json.object();
            reply.put("token", token);
            reply.put("user", user);
            reply.put("expires_at", expiresAt(token));
            Http.json(e, 200, reply);
        }, (e, failure) -> Http.detail(e, 400, "Could not read the request body: " + failure.getMessage()));
    }

    /** Null when the body of {@code POST /tokens} is good, else what is wrong with which field. */
    static String tokenRequestProblem(JsonNode body) {
        for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
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
            return Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(payload)).get("exp").asDouble();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a token this server minted does not parse", e);
        }
    }

    private static ObjectNode rules(List<FaultRule> rules) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("faults");
        rules.forEach(r -> list.add(FaultCodec.toJson(r)));
        return body;
    }

    static ObjectNode toJson(ConnectionLog c) {
        ObjectNode n = Json.object();
        n.put("id", c.id());
        n.put("path", c.path());
        n.put("user", c.user());
        n.put("opened", c.opened().toString());
        n.set("headers", Json.MAPPER.valueToTree(c.headers()));
        ArrayNode frames = n.putArray("frames");
        for (FrameLog f : c.frames()) {
            frames.addObject()
                    .put("direction", f.direction().name().toLowerCase())
                    .put("at_ms", f.at().toNanos() / 1e6)
                    .put("text", f.text());
        }
        n.put("frames_dropped", c.framesDropped());
        if (c.ending() != null) {
            n.putObject("ending")
                    .put("how", c.ending().how())
                    .put("code", c.ending().code())
                    .put("reason", c.ending().reason())
                    .put("at", c.ending().at().toString());
        } else {
            n.putNull("ending");
        }
        return n;
    }

    private static String param(HttpServerExchange ex, String name) {
        var values = ex.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    private static void noContent(HttpServerExchange ex) {
        ex.setStatusCode(204);
        ex.endExchange();
    }
}
