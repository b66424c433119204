package dev.understudy.mock.internal.http;

import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.JsonStream;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Writes the JSON answers every HTTP handler gives. */
public final class Http {

    private Http() {
    }

    /** Answers with a status and a JSON body. */
    public static void json(HttpServerExchange exchange, int status, Object body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(Json.write(body));
    }

    /** Answers with a status and JSON text already written. */
    public static void jsonText(HttpServerExchange exchange, int status, String json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(json);
    }

    /** Answers {@code {"detail": "..."}}, FastAPI's error shape. */
    public static void detail(HttpServerExchange exchange, int status, String detail) {
        jsonText(exchange, status, JsonStream.detail(detail));
    }

    public static void notFound(HttpServerExchange exchange) {
        detail(exchange, 404, "Not Found");
    }

    public static void methodNotAllowed(HttpServerExchange exchange) {
        detail(exchange, 405, "Method Not Allowed");
    }

    /** Answers 204 with no body. */
    public static void noContent(HttpServerExchange exchange) {
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    /** The first value of a query (or path template) parameter, or "" when there is none. */
    public static String param(HttpServerExchange exchange, String name) {
        var values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }
}
