package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.fixtures.Fixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extra HTTP routes a server answers from data (docs/routes.md): an immutable, checked list of {@link Route}s,
 * read from a routes file or a fixture ({@code staging-rest}).
 *
 * <pre>{@code
 * MockStagingServer.builder().routes(Routes.resolve("staging-rest")).start();
 * }</pre>
 */
public final class Routes {

    /** The methods a route may answer. */
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private static final Set<String> FILE_FIELDS = Set.of("name", "description", "routes");
    private static final Set<String> ROUTE_FIELDS = Set.of("method", "path", "status", "headers", "body",
            "requires_token", "delay_ms", "required_fields", "description");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * One route: a method and a path (segments of the form {@code {name}} match any one segment), and the answer.
     *
     * @param status         the answer's status, 100-599 but 101
     * @param headers        extra response headers ({@code Content-Type} is {@code application/json} unless given)
     * @param body           the answer's JSON text, string values may hold {@code {{path.NAME}}}, {@code {{token.sub}}},
     *                       {@code {{body.NAME}}} and {@code {{now}}}; null for an empty body
     * @param requiresToken  whether a valid access token ({@code Authorization: Bearer}) is required: 401 without one
     * @param delay          a wait before the answer, {@link Duration#ZERO} for none
     * @param requiredFields top-level fields the request's JSON body must carry: 422 otherwise
     */
    public record Route(String method, String path, int status, Map<String, String> headers, String body,
                        boolean requiresToken, Duration delay, List<String> requiredFields) {
        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            headers = Map.copyOf(headers == null ? Map.of() : headers);
            delay = delay == null ? Duration.ZERO : delay;
            requiredFields = List.copyOf(requiredFields == null ? List.of() : requiredFields);
            String why = check(method, path, status, body, requiresToken, delay);
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
        }

        /** The {@code {name}} segments of the path, in order. */
        public List<String> pathParams() {
            List<String> names = new ArrayList<>();
            Matcher m = PARAM.matcher(path);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    private final String source;
    private final List<Route> routes;

    private Routes(String source, List<Route> routes) {
        this.source = source;
        this.routes = List.copyOf(routes);
    }

    /** Routes made in Java; {@code source} names them in messages. */
    public static Routes of(String source, List<Route> routes) {
        return new Routes(Objects.requireNonNull(source, "source"), routes);
    }

    /** Where these routes came from: a fixture name or a file. */
    public String source() {
        return source;
    }

    /** The routes, in the order given; the first that matches a request answers it. */
    public List<Route> routes() {
        return routes;
    }

    /** A routes fixture by name ({@code staging-rest}) or a routes file. */
    public static Routes resolve(String nameOrFile) {
        if (Fixtures.exists(Fixtures.ROUTES, nameOrFile + ".json")) {
            return parse(Fixtures.routes(nameOrFile), "routes fixture '" + nameOrFile + "'");
        }
        Path path = Path.of(nameOrFile);
        if (Files.isRegularFile(path)) {
            return fromFile(path);
        }
        throw new IllegalArgumentException("expected a routes fixture (one of "
                + String.join(", ", Fixtures.names(Fixtures.ROUTES)) + ") or a readable file, got '" + nameOrFile + "'");
    }

    /** Reads a routes file. */
    public static Routes fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("routes file '" + file + "': expected a readable file (" + e.getMessage() + ")");
        }
        return parse(text, "routes file '" + file + "'");
    }

    /**
     * Parses a routes file's text: {@code {"routes":[{"method":"GET","path":"/api/x","status":200,"body":{...}}]}}.
     *
     * @param what names the input in messages
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public static Routes parse(String json, String what) {
        JsonNode root = Bridge.parseObject(json, what);
        unknown(root, FILE_FIELDS, what, "");
        JsonNode list = root.get("routes");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(what + ": routes: expected an array of route objects, got "
                    + (list == null ? "nothing" : list.getNodeType().toString().toLowerCase()));
        }
        List<Route> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = what + ": routes[" + i + "]";
            JsonNode r = list.get(i);
            if (!r.isObject()) {
                throw new IllegalArgumentException(at + ": expected a route object, got " + r.getNodeType().toString().toLowerCase());
            }
            unknown(r, ROUTE_FIELDS, at, ".");
            String method = text(r, "method", at, "GET").toUpperCase();
            String path = text(r, "path", at, null);
            int status = r.has("status") ? whole(r, "status", at, 100, 599) : 200;
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode h = r.get("headers");
            if (h != null) {
                if (!h.isObject()) {
                    throw new IllegalArgumentException(at + ".headers: expected an object of header names to text values");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = h.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw new IllegalArgumentException(at + ".headers." + e.getKey() + ": expected text, got " + e.getValue());
                    }
                    headers.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode body = r.get("body");
            boolean requiresToken = false;
            if (r.has("requires_token")) {
                if (!r.get("requires_token").isBoolean()) {
                    throw new IllegalArgumentException(at + ".requires_token: expected true or false, got " + r.get("requires_token"));
                }
                requiresToken = r.get("requires_token").asBoolean();
            }
            Duration delay = r.has("delay_ms") ? Duration.ofMillis(whole(r, "delay_ms", at, 0, 600_000)) : Duration.ZERO;
            List<String> required = new ArrayList<>();
            JsonNode req = r.get("required_fields");
            if (req != null) {
                if (!req.isArray()) {
                    throw new IllegalArgumentException(at + ".required_fields: expected an array of field names, got " + req);
                }
                for (JsonNode f : req) {
                    if (!f.isTextual() || f.asText().isBlank()) {
                        throw new IllegalArgumentException(at + ".required_fields: expected field names (text), got " + f);
                    }
                    required.add(f.asText());
                }
            }
            try {
                out.add(new Route(method, path, status, headers, body == null || body.isNull() ? null : Bridge.write(body),
                        requiresToken, delay, required));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "." + e.getMessage(), e);
            }
        }
        return new Routes(what, out);
    }

    /** Null when the route can work, else "field: what was expected". */
    private static String check(String method, String path, int status, String body, boolean requiresToken, Duration delay) {
        if (!METHODS.contains(method)) {
            return "method: expected one of GET, POST, PUT, PATCH, DELETE, got '" + method + "'";
        }
        if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
            return "path: expected an absolute path such as /api/items/{id} (no query), got '" + path + "'";
        }
        Set<String> params = new LinkedHashSet<>();
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.contains("{") || segment.contains("}")) {
                Matcher m = PARAM.matcher(segment);
                if (!m.matches()) {
                    return "path: expected a parameter segment to be exactly {name}, got '" + segment + "' in '" + path + "'";
                }
                if (!params.add(m.group(1))) {
                    return "path: parameter {" + m.group(1) + "} appears twice in '" + path + "'";
                }
            }
        }
        if (status < 100 || status > 599 || status == 101) {
            return "status: expected an HTTP status 100-599 but 101, got " + status;
        }
        if (delay.isNegative()) {
            return "delay_ms: expected a whole number >= 0, got " + delay.toMillis();
        }
        if (body != null) {
            Matcher m = PLACEHOLDER.matcher(body);
            while (m.find()) {
                String name = m.group(1);
                if (name.equals("now") || name.startsWith("body.") && name.length() > 5) {
                    continue;
                }
                if (name.equals("token.sub")) {
                    if (!requiresToken) {
                        return "body: {{token.sub}} needs \"requires_token\": true";
                    }
                    continue;
                }
                if (name.startsWith("path.") && params.contains(name.substring(5))) {
                    continue;
                }
                return "body: expected a placeholder {{path.NAME}} (NAME a parameter of the path), {{token.sub}}, "
                        + "{{body.NAME}} or {{now}}, got '{{" + name + "}}'";
            }
        }
        return null;
    }

    private static void unknown(JsonNode node, Set<String> known, String at, String sep) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new IllegalArgumentException(at + (sep.isEmpty() ? ": " : sep) + f + ": unknown field (expected one of "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode r, String field, String at, String fallback) {
        JsonNode v = r.get(field);
        if (v == null) {
            if (fallback != null) {
                return fallback;
            }
            throw new IllegalArgumentException(at + "." + field + ": required, expected text");
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(at + "." + field + ": expected text, got " + v);
        }
        return v.asText();
    }

    private static int whole(JsonNode r, String field, String at, int min, int max) {
        JsonNode v = r.get(field);
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new IllegalArgumentException(at + "." + field + ": expected a whole number " + min + "-" + max + ", got " + v);
        }
        return v.asInt();
    }

    @Override
    public String toString() {
        return "Routes[" + source + ", " + routes.size() + " routes]";
    }
}
