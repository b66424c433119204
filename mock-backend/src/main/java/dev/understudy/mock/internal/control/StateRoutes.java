package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.fault.FaultEngine;
import dev.understudy.mock.internal.http.Health;
import dev.understudy.mock.internal.http.Http;
import dev.understudy.mock.internal.journal.Recorder;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;

import java.util.function.Consumer;

/**
 * The admin API's state routes: the {@code /health} switch, and everything a test may have changed put back at once.
 *
 * <pre>
 * PUT    /health           {"healthy":false,"message":"..."} makes /health answer 503
 * POST   /reset            faults, the health switch and the journal back to a fresh start → 200 {"faults_removed":N}
 * </pre>
 */
final class StateRoutes implements Consumer<RoutingHandler> {

    private final FaultEngine faults;
    private final Health health;
    private final Recorder journal;

    StateRoutes(FaultEngine faults, Health health, Recorder journal) {
        this.faults = faults;
        this.health = health;
        this.journal = journal;
    }

    @Override
    public void accept(RoutingHandler routes) {
        routes.put("/health", this::setHealth)
                .post("/reset", this::reset);
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
            Http.noContent(e);
        });
    }

    /** What a harness does between two tests. */
    private void reset(HttpServerExchange ex) {
        long removed = faults.list().stream().filter(FaultRule::active).count();
        faults.reset();
        health.unhealthy(null);
        journal.clear();
        ObjectNode body = Json.object();
        body.put("faults_removed", removed);
        Http.json(ex, 200, body);
    }
}
