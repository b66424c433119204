package dev.understudy.mock.internal.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import org.xnio.IoUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One proxied WebSocket session: connects to the upstream first, with the client's headers and subprotocols; then
 * answers the client's upgrade as the upstream answered (its 101 and chosen subprotocol, or its refusal), and
 * relays every frame both ways, in order, with the close codes and reasons, or a drop as a drop.
 *
 * <p>Upstream frames are pulled one at a time, the next only once the previous went out to the client, so a slow
 * client slows the upstream instead of filling memory.
 */
final class WebSocketBridge implements WebSocketConnectionCallback {

    /** Headers the JDK WebSocket client sets itself (subprotocols go through its own API) or refuses. */
    private static final Set<String> HANDSHAKE_HEADERS = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol", "sec-websocket-accept");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client;
    private final SessionFiles.Session session;
    private final URI target;
    private final HttpServerExchange exchange;
    private final List<String> offered;
    private final AtomicBoolean clientClosed = new AtomicBoolean();
    private volatile WebSocket upstream;
    private volatile WebSocketChannel channel;
    /** Client-to-upstream sends, chained: the JDK client takes one message at a time. */
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

    WebSocketBridge(HttpClient client, SessionFiles files, URI target, HttpServerExchange exchange) {
        this.client = client;
        this.session = files.webSocket(exchange.getRequestPath());
        this.target = target;
        this.exchange = exchange;
        this.offered = offered(exchange);
    }

    void start() {
        ObjectNode req = session.object("request");
        req.put("path", exchange.getRequestPath());
        req.put("query", Redaction.query(exchange.getQueryString()));
        Map<String, List<String>> headers = RecordingProxy.headers(exchange);
        SessionFiles.headers(req, headers);
        ArrayNode sub = req.putArray("subprotocols");
        offered.forEach(p -> sub.add(Redaction.subprotocol(p)));

        WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!RecordingProxy.NOT_FORWARDED.contains(lower) && !HANDSHAKE_HEADERS.contains(lower)) {
                values.forEach(v -> b.header(name, v));
            }
        });
        if (!offered.isEmpty()) {
            b.subprotocols(offered.get(0), offered.subList(1, offered.size()).toArray(String[]::new));
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () ->
                b.buildAsync(target, new UpstreamListener()).whenComplete((ws, err) ->
                        exchange.getIoThread().execute(() -> {
                            if (err != null) {
                                refuse(err);
                            } else {
                                upgrade(ws);
                            }
                        })));
    }

    /** The upstream said 101: the client gets its own 101 with the same subprotocol. */
    private void upgrade(WebSocket ws) {
        upstream = ws;
        String chosen = ws.getSubprotocol();
        ObjectNode h = session.object("handshake");
        h.put("at_ms", session.atMs());
        h.put("status", 101);
        if (chosen != null && !chosen.isEmpty()) {
            h.put("subprotocol", Redaction.subprotocol(chosen));
        } else {
            h.putNull("subprotocol");
        }
        if (!offered.isEmpty()) {
            // Undertow's handshake reads only the first header line: hand it every entry the client offered
            exchange.getRequestHeaders().put(Headers.SEC_WEB_SOCKET_PROTOCOL, String.join(", ", offered));
        }
        WebSocketProtocolHandshakeHandler handshake = new WebSocketProtocolHandshakeHandler(
                List.of(new Chosen(chosen == null || chosen.isEmpty() ? null : chosen)), this, ex -> {
                    ws.abort();
                    session.end("client_handshake_failed", null, null);
                    ex.setStatusCode(400);
                    ex.endExchange();
                });
        Connectors.executeRootHandler(handshake, exchange);
    }

    /** The upstream refused the upgrade, or could not be reached: the client gets that status. */
    private void refuse(Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        int status = 502;
        String body = "{\"detail\":" + dev.understudy.mock.internal.Json.write(
                "understudy recording proxy: the upstream did not answer the upgrade: " + describe(cause)) + "}";
        if (cause instanceof WebSocketHandshakeException hs && hs.getResponse() != null) {
            HttpResponse<?> r = hs.getResponse();
            status = r.statusCode();
            body = r.body() instanceof String s ? s : r.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : "";
        }
        ObjectNode h = session.object("handshake");
        h.put("at_ms", session.atMs());
        h.put("status", status);
        h.put("body", Redaction.payload(body));
        int code = status;
        String text = body;
        Connectors.executeRootHandler(ex -> {
            ex.setStatusCode(code);
            if (!text.isEmpty()) {
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                ex.getResponseSender().send(text, StandardCharsets.UTF_8);
            }
        }, exchange);
        session.end(status == 502 ? "upstream_unreachable" : "rejected", status, null);
    }

    @Override
    public void onConnect(WebSocketHttpExchange ex, WebSocketChannel ch) {
        channel = ch;
        if (!ch.isOpen()) {
            // the client left as its upgrade was answered, before Undertow's channel listened for the close: none
            // of its close tasks will run, Undertow's own (forgetting the channel) among them
            ex.getPeerConnections().remove(ch);
            clientDropped();
            return;
        }
        ch.getReceiveSetter().set(new ClientListener());
        ch.addCloseTask(c -> clientDropped());
        ch.resumeReceives();
        upstream.request(1);
    }

    /** The client's socket closed; without a close frame first, the upstream loses it the same way. */
    private void clientDropped() {
        if (!clientClosed.get() && !session.ended()) {
            session.frame("client", "drop");
            WebSocket ws = upstream;
            if (ws != null) {
                ws.abort();
            }
            session.end("client_dropped", 1006, "closed with no close frame");
        }
    }

    /** Frames from the client, relayed to the upstream in order. */
    private final class ClientListener extends AbstractReceiveListener {
        @Override
        protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
            String text = message.getData();
            session.frame("client", "text").put("text", Redaction.payload(text));
            send(ws -> ws.sendText(text, true));
        }

        @Override
        protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
            ByteBuffer data = WebSockets.mergeBuffers(message.getData().getResource());
            message.getData().free();
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            session.frame("client", "binary").put("base64", Base64.getEncoder().encodeToString(bytes));
            send(ws -> ws.sendBinary(data, true));
        }

        @Override
        protected void onCloseMessage(CloseMessage cm, WebSocketChannel ch) {
            clientClosed.set(true);
            ObjectNode f = session.frame("client", "close");
            f.put("code", cm.getCode());
            f.put("reason", Redaction.text(cm.getReason()));
            send(ws -> ws.sendClose(cm.getCode(), cm.getReason()));
        }
    }

    private synchronized void send(java.util.function.Function<WebSocket, CompletableFuture<WebSocket>> op) {
        WebSocket ws = upstream;
        sends = sends.thenCompose(v -> op.apply(ws)).exceptionally(e -> null);
    }

    /** Frames from the upstream, relayed to the client; the next is asked for once this one went out. */
    private final class UpstreamListener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket ws) {
            // (JDK) onOpen must not request: the first request(1) comes from onConnect
            // nothing is asked for until the client's side is upgraded (onConnect)
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (!last) {
                ws.request(1);
                return null;
            }
            String full = text.toString();
            text.setLength(0);
            session.frame("upstream", "text").put("text", Redaction.payload(full));
            WebSockets.sendText(full, channel, next(ws));
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (!last) {
                ws.request(1);
                return null;
            }
            byte[] full = binary.toByteArray();
            binary = new java.io.ByteArrayOutputStream();
            session.frame("upstream", "binary").put("base64", Base64.getEncoder().encodeToString(full));
            WebSockets.sendBinary(ByteBuffer.wrap(full), channel, next(ws));
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            if (code == 1006) {
                // the JDK client's word for a connection lost with no close frame: a drop, passed on as one
                onError(ws, new java.io.IOException("the upstream closed the connection with no close frame"));
                return null;
            }
            ObjectNode f = session.frame("upstream", "close");
            f.put("code", code);
            f.put("reason", Redaction.text(reason));
            WebSocketChannel ch = channel;
            if (!clientClosed.get() && ch != null && ch.isOpen()) {
                if (code == 1005) {
                    WebSockets.sendClose(ByteBuffer.allocate(0), ch, null);
                } else {
                    WebSockets.sendClose(code, reason, ch, null);
                }
            }
            session.end(clientClosed.get() ? "client_closed" : "upstream_closed", code, reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            session.frame("upstream", "drop").put("error", Redaction.text(describe(error)));
            session.end("upstream_dropped", 1006, describe(error));
            WebSocketChannel ch = channel;
            if (ch != null) {
                // on the channel's own thread, as the mock's drop does: cut with no close frame
                ch.getIoThread().execute(() -> IoUtils.safeClose(ch));
            }
        }

        private WebSocketCallback<Void> next(WebSocket ws) {
            return new WebSocketCallback<>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    ws.request(1);
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                    ws.abort();
                }
            };
        }
    }

    /** RFC 6455 version 13 answering exactly the subprotocol the upstream chose. */
    private static final class Chosen extends Hybi13Handshake {
        private final String chosen;

        Chosen(String chosen) {
            super(Set.of(), false);
            this.chosen = chosen;
        }

        @Override
        protected String supportedSubprotols(String[] requested) {
            return chosen;
        }
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        String kind = t instanceof java.net.ConnectException ? "connection refused"
                : t instanceof java.net.http.HttpTimeoutException ? "timed out"
                : t instanceof javax.net.ssl.SSLException ? "TLS failed" : "failed";
        return m == null || m.isBlank() ? kind : kind + " (" + m + ")";
    }

    private static List<String> offered(HttpServerExchange exchange) {
        List<String> out = new ArrayList<>();
        var values = exchange.getRequestHeaders().get(Headers.SEC_WEB_SOCKET_PROTOCOL);
        if (values != null) {
            for (String header : values) {
                for (String p : header.split(",")) {
                    if (!p.isBlank()) {
                        out.add(p.strip());
                    }
                }
            }
        }
        return out;
    }
}
