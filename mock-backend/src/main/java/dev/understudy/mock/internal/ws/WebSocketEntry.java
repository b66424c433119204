package dev.understudy.mock.internal.ws;

import dev.understudy.mock.AuthMode;
import dev.understudy.mock.internal.Ids;
import dev.understudy.mock.internal.auth.Credentials;
import dev.understudy.mock.internal.auth.Jwt;
import dev.understudy.mock.internal.auth.TokenExtractor;
import dev.understudy.mock.internal.http.Http;
import dev.understudy.mock.internal.journal.Recorder;
import dev.understudy.mock.internal.net.Network;
import dev.understudy.mock.journal.ConnectionLog;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import io.undertow.connector.ByteBufferPool;
import io.undertow.websockets.extensions.CompositeExtensionFunction;
import io.undertow.websockets.extensions.ExtensionFunction;
import org.xnio.StreamConnection;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /ws} and {@code /api/v1/websocket}: acts on the credentials' decision (reject before the 101, or close with
 * 1008 after it), upgrades answering the subprotocol, enforces the per-user cap and opens the session
 * (docs/contract.md §2–3).
 */
public final class WebSocketEntry implements HttpHandler, WebSocketConnectionCallback {

    private static final AttachmentKey<Admission> ADMISSION = AttachmentKey.create(Admission.class);

    /** What was decided about a request before the 101, and its headers (the journal copies them, redacted, once). */
    private record Admission(Jwt.Identity identity, String rejection, String path, HeaderMap headers) {
    }

    private final Recorder journal;
    private final ConnectionRegistry registry;
    private final Function<Connection, SessionListener> listeners;
    private final SessionStart start;
    private final WebSocketProtocolHandshakeHandler handshake;
    private final long maxQueued;
    private final Network network;

    /**
     * @param listeners makes the listener that answers one connection's frames
     * @param start     what happens once a socket is admitted: the welcome, or what an upgrade fault says
     */
    public WebSocketEntry(Recorder journal, ConnectionRegistry registry, Function<Connection, SessionListener> listeners,
                          SessionStart start) {
        this(journal, registry, listeners, start, new Network(null));
    }

    /** @param network the network profile, which paces each connection's frames when it asks to */
    public WebSocketEntry(Recorder journal, ConnectionRegistry registry, Function<Connection, SessionListener> listeners,
                          SessionStart start, Network network) {
        this(journal, registry, listeners, start, network, Long.MAX_VALUE);
    }

    /** @param maxQueued characters of unwritten frames per socket past which its client is taken as not reading */
    public WebSocketEntry(Recorder journal, ConnectionRegistry registry, Function<Connection, SessionListener> listeners,
                          SessionStart start, Network network, long maxQueued) {
        this.network = network;
        this.maxQueued = maxQueued;
        this.journal = journal;
        this.registry = registry;
        this.listeners = listeners;
        this.start = start;
        this.handshake = new WebSocketProtocolHandshakeHandler(List.of(new ContractHandshake()), this, Http::notFound);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        Credentials credentials = Credentials.of(exchange);
        if (credentials == null) {
            Http.notFound(exchange);
            return;
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            // a browser tab or curl on the socket's URL: say what the path wants instead of a bare 404
            exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
            Http.detail(exchange, 426, "Upgrade Required: " + exchange.getRequestPath()
                    + " is the WebSocket endpoint; send a WebSocket upgrade (Upgrade: websocket) with a token");
            return;
        }
        Credentials.Decision decision = credentials.decision();
        if (!decision.admitted() && credentials.mode() != AuthMode.CLOSE_1008) {
            journal.open("rejected-" + Ids.hex(), exchange.getRequestPath(), null, exchange.getRequestHeaders())
                    .ended(ConnectionLog.Ending.REJECTED, 403, decision.rejection());
            Http.detail(exchange, 403, decision.rejection());
            return;
        }
        TokenExtractor.Offer offer = credentials.offer();
        if (!offer.offeredProtocols().isEmpty()) {
            // Undertow's handshake reads only the first header line: hand it every entry the client offered
            exchange.getRequestHeaders().put(Headers.SEC_WEB_SOCKET_PROTOCOL, String.join(", ", offer.offeredProtocols()));
        }
        exchange.putAttachment(ADMISSION, new Admission(decision.identity(), decision.rejection(), exchange.getRequestPath(),
                exchange.getRequestHeaders()));
        handshake.handleRequest(exchange);
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Admission admission = exchange.getAttachment(ADMISSION);
        Jwt.Identity who = admission.identity() != null ? admission.identity()
                : new Jwt.Identity("unauthenticated", null, List.of());
        String id = "conn_" + Ids.hex();
        Recorder.Recording recording = journal.open(id, admission.path(),
                admission.identity() == null ? null : who.userId(), admission.headers());
        if (!channel.isOpen()) {
            // the client left as its upgrade was answered, before Undertow's channel listened for the close: none of
            // the channel's close tasks will ever run, Undertow's own among them, which forgets it in the handshake
            // handler's set of open channels (the set would keep it, and with it this connection, for good)
            exchange.getPeerConnections().remove(channel);
            recording.ended(ConnectionLog.Ending.LOST, 1006, "closed with no close frame");
            return;
        }
        Connection conn = new Connection(id, admission.path(), who, channel, recording, network, maxQueued);
        channel.getReceiveSetter().set(listeners.apply(conn));
        channel.resumeReceives();
        if (admission.rejection() != null) {
            conn.send(Frames.error("AUTH_FAILED", admission.rejection()));
            conn.close(Close.POLICY, Close.AUTH_FAILED);
            return;
        }
        if (!registry.tryAdd(conn)) {
            conn.close(Close.POLICY, Close.TOO_MANY);
            return;
        }
        Runnable left = () -> {
            conn.cancelTimers();
            registry.remove(conn);
            recording.ended(ConnectionLog.Ending.LOST, 1006, "closed with no close frame");
        };
        channel.addCloseTask(ch -> left.run());
        if (!channel.isOpen()) {
            left.run(); // closed since the check above: a task added to a closed channel never runs (twice is harmless)
            return;
        }
        start.opened(conn);
    }

    /** RFC 6455 version 13, answering the subprotocol docs/contract.md §2 asks for, never one the client did not offer. */
    static final class ContractHandshake extends Hybi13Handshake {
        ContractHandshake() {
            super(Set.of(), false);
        }

        /** Hybi13Handshake's channel, with the frame header check of {@link GuardedChannel}. */
        @Override
        public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection channel, ByteBufferPool pool) {
            List<ExtensionFunction> extensions = initExtensions(exchange);
            return new GuardedChannel(channel, pool, getWebSocketLocation(exchange),
                    exchange.getResponseHeader(Headers.SEC_WEB_SOCKET_PROTOCOL_STRING), false, !extensions.isEmpty(),
                    CompositeExtensionFunction.compose(extensions), exchange.getPeerConnections(), exchange.getOptions());
        }

        @Override
        protected String supportedSubprotols(String[] requested) {
            return TokenExtractor.answer(requested);
        }
    }
}
