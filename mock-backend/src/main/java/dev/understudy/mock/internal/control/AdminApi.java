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
import dev.understudy.mock.internal.journal.Recorder;
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
 * GET    /                 the server's URLs and these routes
 * GET    /ui               the live page (connections, requests, timelines, faults)
 * GET    /events           the journal's changes as server-sent events (the page's live feed)
 * GET    /faults           every rule (active, then recently spent)
 * POST   /faults           add one fault object or an array of them      → 201 {"faults":[...]}
 * GET    /faults/{id}      one rule
 * DELETE /faults/{id}      remove it                                     → 204, or 404
 * DELETE /faults           remove every rule                             → 204
 * GET    /presets          the preset names
 * POST   /presets/{name}   add every fault of a preset                   → 201 {"faults":[...]}
 * GET    /journal          connections and plain HTTP requests; ?user= ?since=cursor ?kind=http|ws ?summary=true
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
    private final Recorder journal;
    private final LiveFeed feed;
    private final Health health;
    private final Jwt jwt;
    private final Injector injector;
    private final Supplier<ObjectNode> urls;
    private final String token;
    private Consumer<RoutingHandler> more = r -> { };

    /**
     * @param token required as {@code Authorization: Bearer <token>} when not null (non-loopback binds)
     */
    public AdminApi(FaultEngine faults, Recorder journal, Health health, Jwt jwt, Injector injector,
                    Supplier<ObjectNode> urls, String token) {
        this.faults = faults;
        this.journal = journal;
        this.feed = new LiveFeed(journal);
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
                .get("/", ex -> Http.json(ex, 200, root()))
                .get("/ui", new UiPage())
                .get("/events", feed.handler())
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
                    ArrayNode details = body.putArray("details");
                    Fixtures.names(Fixtures.PRESETS).forEach(name -> details.addObject()
                            .put("name", name)
                            .put("description", Json.parseObject(Fixtures.preset(name), "preset " + name)
                                    .path("description").asText("")));
                    Http.json(ex, 200, body);
                })
                .post("/presets/{name}", this::applyPreset)
                .get("/journal", this::listJournal)
                .get("/journal/{id}", ex -> journal.connection(param(ex, "id"))
                        .map(c -> JournalJson.connection(c, false))
                        .or(() -> journal.request(param(ex, "id")).map(JournalJson::request))
                        .ifPresentOrElse(
                                entry -> Http.json(ex, 200, entry),
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
            if (authorized(ex) || pageTokenMatches(ex)) {
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

    /**
     * A browser can't put a header on a link or an EventSource: the page and its feed also take the admin token as
     * {@code ?token=} (GET only; every other route needs the header).
     */
    private boolean pageTokenMatches(HttpServerExchange ex) {
        String path = ex.getRequestPath();
        if (!ex.getRequestMethod().equalToString("GET") || !(path.equals("/ui") || path.equals("/events"))) {
            return false;
        }
        String given = param(ex, "token");
        return !given.isEmpty() && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** The routes {@code GET /} lists: method, path, what it does. */
    static final List<String[]> ROUTES = List.of(
            new String[]{"GET", "/", "the server's URLs and these routes"},
            new String[]{"GET", "/ui", "the live page: connections, requests, timelines, faults"},
            new String[]{"GET", "/events", "the journal's changes as server-sent events"},
            new String[]{"GET", "/faults", "every rule: the active ones, then recently spent or removed ones"},
            new String[]{"POST", "/faults", "add one fault object or an array of them"},
            new String[]{"DELETE", "/faults", "remove every rule"},
            new String[]{"GET", "/faults/{id}", "one rule"},
            new String[]{"DELETE", "/faults/{id}", "remove one rule"},
            new String[]{"GET", "/presets", "the presets, with their descriptions"},
            new String[]{"POST", "/presets/{name}", "add every fault of a preset"},
            new String[]{"GET", "/journal", "connections and plain HTTP requests; filters user, since, kind, summary"},
            new String[]{"GET", "/journal/{id}", "one connection or request"},
            new String[]{"DELETE", "/journal", "forget every entry"},
            new String[]{"PUT", "/health", "switch /health between healthy and 503"},
            new String[]{"POST", "/reset", "faults, the health switch and the journal back to a fresh start"},
            new String[]{"POST", "/tokens", "mint a token for a user"});

    private ObjectNode root() {
        ObjectNode body = urls.get();
        body.put("healthy", health.unhealthyReason() == null);
        body.put("unhealthy_reason", health.unhealthyReason());
        body.put("live_subscribers", feed.subscribers());
        ArrayNode list = body.putArray("routes");
        for (String[] r : ROUTES) {
            list.addObject().put("method", r[0]).put("path", r[1]).put("description", r[2]);
        }
        return body;
    }

    /** {@code GET /journal}: the cursor first, so an entry that changes while the lists are read is seen again. */
    private void listJournal(HttpServerExchange ex) {
        String user = ex.getQueryParameters().containsKey("user") ? param(ex, "user") : null;
        long since = -1;
        String sinceText = param(ex, "since");
        if (!sinceText.isEmpty()) {
            try {
                since = Long.parseLong(sinceText);
            } catch (NumberFormatException e) {
                Http.detail(ex, 400, "since: expected the cursor of an earlier GET /journal (a whole number), got '" + sinceText + "'");
                return;
            }
        }
        String kind = param(ex, "kind");
        if (!kind.isEmpty() && !kind.equals("http") && !kind.equals("ws")) {
            Http.detail(ex, 400, "kind: expected http or ws, got '" + kind + "'");
            return;
        }
        String summaryText = param(ex, "summary");
        if (!summaryText.isEmpty() && !summaryText.equals("true") && !summaryText.equals("false")) {
            Http.detail(ex, 400, "summary: expected true or false, got '" + summaryText + "'");
            return;
        }
        boolean summary = summaryText.equals("true");
        long after = since;
        ObjectNode body = Json.object();
        body.put("cursor", journal.cursor());
        ArrayNode connections = body.putArray("connections");
        if (!kind.equals("http")) {
            journal.connections().stream()
                    .filter(c -> c.seq() > after && (user == null || user.equals(c.user())))
                    .forEach(c -> connections.add(JournalJson.connection(c, summary)));
        }
        ArrayNode requests = body.putArray("requests");
        if (!kind.equals("ws")) {
            journal.requests().stream()
                    .filter(r -> r.seq() > after && (user == null || user.equals(r.user())))
                    .forEach(r -> requests.add(JournalJson.request(r)));
        }
        Http.json(ex, 200, body);
    }

    /** Ends the live feed's subscribers and thread. */
    public void close() {
        feed.close();
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

    private static String param(HttpServerExchange ex, String name) {
        var values = ex.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    private static void noContent(HttpServerExchange ex) {
        ex.setStatusCode(204);
        ex.endExchange();
    }
}
