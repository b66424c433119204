package dev.understudy.mock.internal.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.Map;

/** Exact-path routing with the contract's 404 for everything else. */
public final class Router implements HttpHandler {

    private final Map<String, HttpHandler> routes;

    public Router(Map<String, HttpHandler> routes) {
        this.routes = Map.copyOf(routes);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HttpHandler handler = routes.get(exchange.getRequestPath());
        if (handler == null) {
            Http.notFound(exchange);
        } else {
            handler.handleRequest(exchange);
        }
    }
}
