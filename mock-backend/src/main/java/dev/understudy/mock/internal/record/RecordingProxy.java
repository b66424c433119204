package dev.understudy.mock.internal.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.RecordUpstream;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The recording proxy (docs/recording.md), placed where the routes would be, behind the TCP and HTTP fault
 * handlers: every HTTP request is forwarded to the upstream with its method, path, query, headers and body, and its
 * answer goes back unchanged; every WebSocket upgrade becomes a {@link WebSocketBridge}. Each session is recorded.
 */
public final class RecordingProxy implements HttpHandler {

    /** Headers the JDK client sets itself or refuses; hop-by-hop ones never cross a proxy. */
    static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RecordUpstream upstream;
    private final HttpClient client;
    private final SessionFiles files;

    public RecordingProxy(RecordUpstream upstream) {
        this.upstream = upstream;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10));
        upstream.trust().ifPresent(b::sslContext);
        this.client = b.build();
        this.files = new SessionFiles(upstream.outDir());
    }

    /** Writes the sessions still open (the server is stopping). */
    public void close() {
        files.flushOpen();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String up = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (up != null && up.equalsIgnoreCase("websocket")) {
            new WebSocketBridge(client, files, webSocketUri(exchange), exchange).start();
            return;
        }
        SessionFiles.Session session = files.http(exchange.getRequestMethod().toString(), exchange.getRequestPath());
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, body) -> forward(ex, body, session),
                (ex, e) -> session.end("client_dropped", null, e.getMessage()));
    }

    private void forward(HttpServerExchange exchange, byte[] body, SessionFiles.Session session) {
        ObjectNode req = session.object("request");
        req.put("method", exchange.getRequestMethod().toString());
        req.put("path", exchange.getRequestPath());
        String query = exchange.getQueryString();
        req.put("query", Redaction.query(query));
        Map<String, List<String>> headers = headers(exchange);
        SessionFiles.headers(req, headers);
        SessionFiles.body(req, body);
        URI target = URI.create(base(upstream.httpBase()) + exchange.getRequestURI()
                + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .method(exchange.getRequestMethod().toString(),
                        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        exchange.dispatch(SameThreadExecutor.INSTANCE, () ->
                client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((resp, err) ->
                        exchange.getIoThread().execute(() -> Connectors.executeRootHandler(ex -> {
                            if (err != null) {
                                upstreamFailed(ex, session, err);
                            } else {
                                answer(ex, session, resp);
                            }
                        }, exchange))));
    }

    private static void answer(HttpServerExchange exchange, SessionFiles.Session session, HttpResponse<byte[]> resp) {
        ObjectNode r = session.object("response");
        r.put("at_ms", session.atMs());
        r.put("status", resp.statusCode());
        Map<String, List<String>> kept = new LinkedHashMap<>();
        resp.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(":") && !NOT_FORWARDED.contains(lower)) {
                kept.put(name, values);
                exchange.getResponseHeaders().putAll(HttpString.tryFromString(name), values);
            }
        });
        SessionFiles.headers(r, kept);
        SessionFiles.body(r, resp.body());
        exchange.setStatusCode(resp.statusCode());
        session.end("answered", null, null);
        exchange.getResponseSender().send(ByteBuffer.wrap(resp.body()));
    }

    private static void upstreamFailed(HttpServerExchange exchange, SessionFiles.Session session, Throwable err) {
        String why = WebSocketBridge.describe(err);
        session.end("upstream_unreachable", null, why);
        exchange.setStatusCode(502);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"detail\":" + dev.understudy.mock.internal.Json.write(
                "understudy recording proxy: the upstream did not answer: " + why) + "}", StandardCharsets.UTF_8);
    }

    /** Where a WebSocket session goes: the upstream WebSocket URL as given when it has a path, else with the client's. */
    private URI webSocketUri(HttpServerExchange exchange) {
        URI ws = upstream.webSocket();
        String query = exchange.getQueryString();
        String path = ws.getRawPath() == null || ws.getRawPath().isEmpty() || ws.getRawPath().equals("/")
                ? exchange.getRequestURI() : ws.getRawPath();
        String q = ws.getRawQuery();
        if (query != null && !query.isEmpty()) {
            q = q == null ? query : q + "&" + query;
        }
        return URI.create(ws.getScheme() + "://" + ws.getRawAuthority() + path + (q == null ? "" : "?" + q));
    }

    private static String base(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static Map<String, List<String>> headers(HttpServerExchange exchange) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            out.put(values.getHeaderName().toString(), new ArrayList<>(values));
        }
        return out;
    }
}
