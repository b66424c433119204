package dev.understudy.mock.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.internal.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;

/** {@code GET /ws/config}: the WebSocket settings as numbers (docs/contract.md §1). */
public final class WsConfigHandler implements HttpHandler {

    private final WebSocketSettings settings;

    public WsConfigHandler(WebSocketSettings settings) {
        this.settings = settings;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            Http.methodNotAllowed(exchange);
            return;
        }
        ObjectNode body = Json.object();
        ObjectNode config = body.putObject("websocket_config");
        config.putPOJO("heartbeat_interval", WebSocketSettings.secondsNumber(settings.heartbeatInterval()));
        config.putPOJO("connection_timeout", WebSocketSettings.secondsNumber(settings.connectionTimeout()));
        config.put("max_message_size", settings.maxMessageSize());
        Http.json(exchange, 200, body);
    }
}
