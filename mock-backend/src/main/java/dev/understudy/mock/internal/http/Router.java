package dev.understudy.mock.internal.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.Map;

/** Exact-path routing with the contract's 404 for everything else. */
public final class Router implements HttpHandler {

    private final Map<String, HttpHandler> routes;
    private final HttpHandler fallback;

    public Router(Map<String, HttpHandler> routes) {
        this(routes, Http::notFound);
    }

    /** @param fallback answers every path no route names (the routes files' routes, then 404) */
    public Router(Map<String, HttpHandler> routes, HttpHandler fallback) {
        this.routes = Map.copyOf(routes);
        this.fallback = fallback;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HttpHandler handler = routes.get(exchange.getRequestPath());
        if (handler == null) {
            fallback.handleRequest(exchange);
        } else {
            handler.handleRequest(exchange);
        }
    }
}
