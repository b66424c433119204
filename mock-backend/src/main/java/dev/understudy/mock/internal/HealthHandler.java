package dev.understudy.mock.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;

import java.util.concurrent.ThreadLocalRandom;

/** {@code /health} and {@code /api/health} (CONTRACT.md §1); {@code detailed} adds the {@code checks} block. */
public final class HealthHandler implements HttpHandler {

    private final ServerContext ctx;
    private final boolean detailed;

    public HealthHandler(ServerContext ctx, boolean detailed) {
        this.ctx = ctx;
        this.detailed = detailed;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            Http.methodNotAllowed(exchange);
            return;
        }
        String unhealthy = ctx.unhealthyReason();
        if (unhealthy != null) {
            Http.json(exchange, 503, Json.object().put("status", "unhealthy").put("message", unhealthy));
            return;
        }
        boolean config = ctx.healthConfig && exchange.getAttachment(HttpFaultHandler.NO_HEALTH_CONFIG) == null;
        Http.json(exchange, 200, body(ctx, detailed, config));
    }

    static ObjectNode body(ServerContext ctx, boolean detailed, boolean withConfig) {
        ObjectNode body = Json.object();
        body.put("status", "healthy");
        body.put("service", "netra-ai-platform");
        body.put("version", "1.0.0");
        body.put("timestamp", Json.epochSeconds());
        body.put("uptime_seconds", ctx.uptimeSeconds());
        body.put("environment", "staging");
        if (withConfig) {
            ObjectNode config = body.putObject("config");
            ctx.settings.healthConfig().forEach(config::put);
        }
        if (detailed) {
            ObjectNode checks = body.putObject("checks");
            for (String dependency : new String[]{"database", "redis"}) {
                checks.putObject(dependency)
                        .put("status", "healthy")
                        .put("connected", true)
                        .put("response_time_ms", Math.round(ThreadLocalRandom.current().nextDouble(0.5, 3.0) * 100) / 100.0);
            }
        }
        return body;
    }
}
