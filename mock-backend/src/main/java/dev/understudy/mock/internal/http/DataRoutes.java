package dev.understudy.mock.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.understudy.mock.Routes;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.auth.Jwt;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes of routes files (docs/routes.md), asked after the built-in routes: the first route whose method and
 * path match answers; a path that matches with another method is 405; nothing matching is the contract's 404.
 *
 * <p>Order on one request: the route's delay, then the token (401), then the body's required fields (422), then
 * the templated answer. Faults and the network profile strike before, like on any path.
 */
public final class DataRoutes implements HttpHandler {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

    private final List<Compiled> routes;
    private final Jwt jwt;

    public DataRoutes(List<Routes> sets, Jwt jwt) {
        List<Compiled> out = new ArrayList<>();
        for (Routes set : sets) {
            for (Routes.Route r : set.routes()) {
                out.add(new Compiled(r));
            }
        }
        this.routes = List.copyOf(out);
        this.jwt = jwt;
    }

    /** Whether any route is there (none: the router answers 404 itself). */
    public boolean isEmpty() {
        return routes.isEmpty();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String[] segments = segments(exchange.getRequestPath());
        String method = exchange.getRequestMethod().toString();
        boolean pathMatched = false;
        for (Compiled c : routes) {
            Map<String, String> params = c.match(segments);
            if (params == null) {
                continue;
            }
            if (!c.route.method().equals(method)) {
                pathMatched = true;
                continue;
            }
            HttpHandler answer = ex -> answer(ex, c, params);
            long delay = c.route.delay().toMillis();
            if (delay <= 0) {
                answer.handleRequest(exchange);
            } else {
                exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread()
                        .executeAfter(() -> Connectors.executeRootHandler(answer, exchange), delay, TimeUnit.MILLISECONDS));
            }
            return;
        }
        if (pathMatched) {
            Http.methodNotAllowed(exchange);
        } else {
            Http.notFound(exchange);
        }
    }

    private void answer(HttpServerExchange exchange, Compiled c, Map<String, String> params) {
        String sub = null;
        if (c.route.requiresToken()) {
            String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
                Http.detail(exchange, 401, "Not authenticated");
                return;
            }
            Jwt.Verdict verdict = jwt.verify(header.substring(7).strip());
            if (!verdict.accepted()) {
                Http.detail(exchange, 401, verdict.rejection());
                return;
            }
            sub = verdict.identity().userId();
        }
        String user = sub;
        if (!c.readsBody) {
            respond(exchange, c, params, user, null);
            return;
        }
        exchange.getRequestReceiver().receiveFullString((ex, text) -> {
            JsonNode body = null;
            try {
                body = text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
            } catch (Exception e) {
                if (!c.route.requiredFields().isEmpty()) {
                    unprocessable(ex, problem("json_invalid", List.of("body", 0), "JSON decode error", Json.object()));
                    return;
                }
            }
            if (!c.route.requiredFields().isEmpty()) {
                if (body == null || !body.isObject()) {
                    unprocessable(ex, problem(body == null ? "missing" : "model_attributes_type", List.of("body"),
                            body == null ? "Field required" : "Input should be a valid dictionary or object to extract fields from",
                            body));
                    return;
                }
                ArrayNode missing = Json.MAPPER.createArrayNode();
                for (String f : c.route.requiredFields()) {
                    if (!body.hasNonNull(f)) {
                        missing.add(problem("missing", List.of("body", f), "Field required", body));
                    }
                }
                if (!missing.isEmpty()) {
                    ObjectNode detail = Json.object();
                    detail.set("detail", missing);
                    Http.jsonText(ex, 422, Json.write(detail));
                    return;
                }
            }
            respond(ex, c, params, user, body);
        });
    }

    private static void respond(HttpServerExchange exchange, Compiled c, Map<String, String> params, String sub, JsonNode body) {
        exchange.setStatusCode(c.route.status());
        boolean typed = false;
        for (Map.Entry<String, String> h : c.route.headers().entrySet()) {
            exchange.getResponseHeaders().put(new HttpString(h.getKey()), h.getValue());
            typed |= h.getKey().equalsIgnoreCase("Content-Type");
        }
        if (c.template == null) {
            exchange.endExchange();
            return;
        }
        if (!typed) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        }
        if (c.text != null) {
            exchange.getResponseSender().send(c.text);
            return;
        }
        exchange.getResponseSender().send(Json.write(render(c.template, params, sub, body)));
    }

    private static JsonNode render(JsonNode node, Map<String, String> params, String sub, JsonNode body) {
        if (node.isTextual()) {
            String s = node.asText();
            if (!s.contains("{{")) {
                return node;
            }
            Matcher m = PLACEHOLDER.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String value;
                if (name.equals("now")) {
                    value = Instant.now().toString();
                } else if (name.equals("token.sub")) {
                    value = sub == null ? "" : sub;
                } else if (name.startsWith("path.")) {
                    value = params.getOrDefault(name.substring(5), "");
                } else {
                    JsonNode v = body == null ? null : body.get(name.substring(5));
                    value = v == null || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), render(e.getValue(), params, sub, body));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(n -> copy.add(render(n, params, sub, body)));
            return copy;
        }
        return node;
    }

    private static ObjectNode problem(String type, List<Object> loc, String msg, JsonNode input) {
        ObjectNode p = Json.object();
        p.put("type", type);
        ArrayNode l = p.putArray("loc");
        for (Object o : loc) {
            if (o instanceof Integer i) {
                l.add(i);
            } else {
                l.add(o.toString());
            }
        }
        p.put("msg", msg);
        p.set("input", input);
        return p;
    }

    private static void unprocessable(HttpServerExchange exchange, ObjectNode problem) {
        ObjectNode detail = Json.object();
        detail.putArray("detail").add(problem);
        Http.jsonText(exchange, 422, Json.write(detail));
    }

    private static String[] segments(String path) {
        return path.length() <= 1 ? new String[]{""} : path.substring(1).split("/", -1);
    }

    /** One route, its path split into literal and {@code {param}} segments, its body parsed once. */
    private static final class Compiled {
        final Routes.Route route;
        final String[] segments;
        final String[] params;
        final JsonNode template;
        final String text;
        final boolean readsBody;

        Compiled(Routes.Route route) {
            this.route = route;
            this.segments = segments(route.path());
            this.params = new String[segments.length];
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                if (s.startsWith("{") && s.endsWith("}")) {
                    params[i] = s.substring(1, s.length() - 1);
                }
            }
            this.template = route.body() == null ? null : tree(route.body());
            boolean templated = route.body() != null && route.body().contains("{{");
            this.text = template != null && !templated ? route.body() : null;
            this.readsBody = !route.requiredFields().isEmpty()
                    || templated && PLACEHOLDER.matcher(route.body()).results().anyMatch(r -> r.group(1).startsWith("body."));
        }

        private static JsonNode tree(String json) {
            try {
                return Json.MAPPER.readTree(json);
            } catch (Exception e) {
                throw new IllegalArgumentException("route body: expected JSON", e); // Routes wrote it: unreachable
            }
        }

        /** The path parameters when the request's segments match, else null. */
        Map<String, String> match(String[] request) {
            if (request.length != segments.length) {
                return null;
            }
            Map<String, String> out = null;
            for (int i = 0; i < segments.length; i++) {
                if (params[i] != null) {
                    if (request[i].isEmpty()) {
                        return null;
                    }
                    if (out == null) {
                        out = new HashMap<>(2);
                    }
                    out.put(params[i], request[i]);
                } else if (!segments[i].equals(request[i])) {
                    return null;
                }
            }
            return out == null ? Map.of() : out;
        }
    }
}
