package dev.understudy.mock.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.WebSocketSettings;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;

/** {@code GET /ws/config}: the WebSocket settings as numbers (CONTRACT.md §1). */
public final class WsConfigHandler implements HttpHandler {

    private final ServerContext ctx;

    public WsConfigHandler(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            Http.methodNotAllowed(exchange);
            return;
        }
        ObjectNode body = Json.object();
        ObjectNode config = body.putObject("websocket_config");
        config.putPOJO("heartbeat_interval", WebSocketSettings.secondsNumber(ctx.settings.heartbeatInterval()));
        config.putPOJO("connection_timeout", WebSocketSettings.secondsNumber(ctx.settings.connectionTimeout()));
        config.put("max_message_size", ctx.settings.maxMessageSize());
        Http.json(exchange, 200, body);
    }
}
