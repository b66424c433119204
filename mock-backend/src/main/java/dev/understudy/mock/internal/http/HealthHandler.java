package dev.understudy.mock.internal.http;

import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.internal.JsonStream;
import dev.understudy.mock.internal.Times;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** {@code /health} and {@code /api/health} (docs/contract.md §1); {@code detailed} adds the {@code checks} block. */
public final class HealthHandler implements HttpHandler {

    private final WebSocketSettings settings;
    /** False to emulate a deployment whose health lacks the {@code config} block. */
    private final boolean healthConfig;
    private final Health health;
    private final boolean detailed;

    public HealthHandler(WebSocketSettings settings, boolean healthConfig, Health health, boolean detailed) {
        this.settings = settings;
        this.healthConfig = healthConfig;
        this.health = health;
        this.detailed = detailed;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            Http.methodNotAllowed(exchange);
            return;
        }
        String unhealthy = health.unhealthyReason();
        if (unhealthy != null) {
            Http.jsonText(exchange, 503, JsonStream.write(g -> {
                g.writeStartObject();
                g.writeStringField("status", "unhealthy");
                g.writeStringField("message", unhealthy);
                g.writeEndObject();
            }));
            return;
        }
        boolean config = healthConfig && exchange.getAttachment(HttpFaultHandler.NO_HEALTH_CONFIG) == null;
        Http.jsonText(exchange, 200, body(detailed, config));
    }

    /** The {@code config} member, which never changes, rendered once (a benign race renders it twice). */
    private volatile String configMember;

    /**
     * The healthy body: the constant members rendered once with the streaming API, then the timestamp, uptime and
     * checks per request (throughput of {@code /health} is one of the published figures).
     */
    String body(boolean detailed, boolean withConfig) {
        String config = withConfig ? constantConfig() : "";
        StringBuilder b = new StringBuilder(512)
                .append("{\"status\":\"healthy\",\"service\":\"netra-ai-platform\",\"version\":\"1.0.0\",\"timestamp\":")
                .append(Times.epochSecondsText())
                .append(",\"uptime_seconds\":").append(health.uptimeSeconds())
                .append(",\"environment\":\"staging\"")
                .append(config);
        if (detailed) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            b.append(",\"checks\":{");
            String[] dependencies = {"database", "redis"};
            for (int i = 0; i < dependencies.length; i++) {
                b.append(i == 0 ? "" : ",").append('"').append(dependencies[i])
                        .append("\":{\"status\":\"healthy\",\"connected\":true,\"response_time_ms\":")
                        .append(Math.round(random.nextDouble(0.5, 3.0) * 100) / 100.0).append('}');
            }
            b.append('}');
        }
        return b.append('}').toString();
    }

    private String constantConfig() {
        String config = configMember;
        if (config == null) {
            String object = JsonStream.write(g -> {
                g.writeStartObject();
                g.writeObjectFieldStart("config");
                for (Map.Entry<String, String> e : settings.healthConfig().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            });
            // {"config":{...}} → ,"config":{...}: a member, to splice into the body
            config = "," + object.substring(1, object.length() - 1);
            configMember = config;
        }
        return config;
    }
}
