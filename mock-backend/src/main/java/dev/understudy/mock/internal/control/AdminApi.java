package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.fault.FaultHandle;
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
 * The admin HTTP API on its own port, the same engine and journal as the Java API: the routing table, the token a
 * non-loopback bind asks for, and {@code GET /}; the routes themselves are small handlers grouped by what they
 * change ({@link FaultRoutes}, {@link JournalRoutes}, {@link StateRoutes}, {@link TokenRoutes}, and the network's).
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
        routes.get("/", ex -> Http.json(ex, 200, root()))
                .get("/ui", new UiPage())
                .get("/events", feed.handler());
        new FaultRoutes(faults, injector).accept(routes);
        new JournalRoutes(journal).accept(routes);
        new StateRoutes(faults, health, journal).accept(routes);
        new TokenRoutes(jwt).accept(routes);
        routes
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
        String given = Http.param(ex, "token");
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

    /** Ends the live feed's subscribers and thread. */
    public void close() {
        feed.close();
    }
}
