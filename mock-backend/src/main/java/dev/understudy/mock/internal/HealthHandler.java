package dev.understudy.mock.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;

import java.util.Map;
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
            Http.jsonText(exchange, 503, JsonStream.write(g -> {
                g.writeStartObject();
                g.writeStringField("status", "unhealthy");
                g.writeStringField("message", unhealthy);
                g.writeEndObject();
            }));
            return;
        }
        boolean config = ctx.healthConfig && exchange.getAttachment(HttpFaultHandler.NO_HEALTH_CONFIG) == null;
        Http.jsonText(exchange, 200, body(ctx, detailed, config));
    }

    /** Written with the streaming API: the first health answer must not wait for databind to load. */
    static String body(ServerContext ctx, boolean detailed, boolean withConfig) {
        return JsonStream.write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "healthy");
            g.writeStringField("service", "netra-ai-platform");
            g.writeStringField("version", "1.0.0");
            g.writeFieldName("timestamp");
            g.writeNumber(Times.epochSeconds());
            g.writeNumberField("uptime_seconds", ctx.uptimeSeconds());
            g.writeStringField("environment", "staging");
            if (withConfig) {
                g.writeObjectFieldStart("config");
                for (Map.Entry<String, String> e : ctx.settings.healthConfig().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (detailed) {
                g.writeObjectFieldStart("checks");
                for (String dependency : new String[]{"database", "redis"}) {
                    g.writeObjectFieldStart(dependency);
                    g.writeStringField("status", "healthy");
                    g.writeBooleanField("connected", true);
                    g.writeNumberField("response_time_ms",
                            Math.round(ThreadLocalRandom.current().nextDouble(0.5, 3.0) * 100) / 100.0);
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }
}
