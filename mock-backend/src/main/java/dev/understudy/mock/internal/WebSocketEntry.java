package dev.understudy.mock.internal;

import dev.understudy.mock.AuthMode;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Phase;
import dev.understudy.mock.journal.ConnectionLog;
import dev.understudy.mock.journal.Journal;
import io.undertow.util.HeaderValues;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.WebSocketHttpExchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /ws} and {@code /api/v1/websocket}: finds and checks the token, rejects or upgrades, answers the
 * subprotocol, enforces the per-user cap and opens the session (CONTRACT.md §2–3).
 */
public final class WebSocketEntry implements HttpHandler, WebSocketConnectionCallback {

    private static final AttachmentKey<Admission> ADMISSION = AttachmentKey.create(Admission.class);

    /** What the upgrade handler decided about a request before the 101. */
    record Admission(Jwt.Identity identity, String rejection, TokenExtractor.Offer offer, String path) {
    }

    private final ServerContext ctx;
    private final SessionHooks hooks;
    private final WebSocketProtocolHandshakeHandler handshake;

    public WebSocketEntry(ServerContext ctx, SessionHooks hooks) {
        this.ctx = ctx;
        this.hooks = hooks;
        this.handshake = new WebSocketProtocolHandshakeHandler(List.of(new ContractHandshake()), this,
                Http::notFound);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            Http.notFound(exchange);
            return;
        }
        TokenExtractor.Offer offer = TokenExtractor.read(exchange);
        Jwt.Identity identity = null;
        String rejection;
        if (offer.token() == null) {
            if (ctx.authMode == AuthMode.PERMISSIVE) {
                identity = new Jwt.Identity("relaxed_" + RunPlayer.hex(), null, List.of());
                rejection = null;
            } else {
                rejection = "No authentication token: send it as a 'jwt.<base64url token>' subprotocol, "
                        + "an 'Authorization: Bearer' header or a 'token' query parameter";
            }
        } else {
            Jwt.Verdict verdict = ctx.jwt.verify(offer.token());
            identity = verdict.identity();
            rejection = verdict.rejection();
        }
        if (rejection != null && ctx.authMode != AuthMode.CLOSE_1008) {
            ctx.journal.open("rejected-" + RunPlayer.hex(), exchange.getRequestPath(), null, headers(exchange))
                    .ended(ConnectionLog.Ending.REJECTED, 403, rejection);
            Http.detail(exchange, 403, rejection);
            return;
        }
        if (!offer.offeredProtocols().isEmpty()) {
            // Undertow's handshake reads only the first header line: hand it every entry the client offered
            exchange.getRequestHeaders().put(Headers.SEC_WEB_SOCKET_PROTOCOL, String.join(", ", offer.offeredProtocols()));
        }
        exchange.putAttachment(ADMISSION, new Admission(identity, rejection, offer, exchange.getRequestPath()));
        handshake.handleRequest(exchange);
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Admission admission = exchange.getAttachment(ADMISSION);
        Jwt.Identity who = admission.identity() != null ? admission.identity()
                : new Jwt.Identity("unauthenticated", null, List.of());
        String id = "conn_" + RunPlayer.hex();
        Journal.Recording journal = ctx.journal.open(id, admission.path(),
                admission.identity() == null ? null : who.userId(), exchange.getRequestHeaders());
        Connection conn = new Connection(id, ctx.nextSocketNumber(), admission.path(), who, channel, journal);
        channel.getReceiveSetter().set(new SessionListener(ctx, conn));
        channel.resumeReceives();
        if (admission.rejection() != null) {
            conn.send(Frames.error("AUTH_FAILED", admission.rejection()));
            conn.close(Close.POLICY, Close.AUTH_FAILED);
            return;
        }
        if (!ctx.registry.tryAdd(conn)) {
            conn.close(Close.POLICY, Close.TOO_MANY);
            return;
        }
        channel.addCloseTask(ch -> {
            conn.cancelTimers();
            ctx.registry.remove(conn);
            journal.ended(ConnectionLog.Ending.LOST, 1006, "closed with no close frame");
        });
        hooks.opened(conn);
    }

    /** What happens once a socket is admitted: the welcome and the idle heartbeat (faults wrap this). */
    public interface SessionHooks {
        void opened(Connection conn);
    }

    /** The contract's session start: welcome first, then the idle heartbeat; or what an after-101 fault says. */
    public static SessionHooks standard(ServerContext ctx) {
        return conn -> {
            Fault fault = ctx.faults.armed(Phase.AFTER_UPGRADE)
                    ? ctx.faults.decide(Phase.AFTER_UPGRADE, conn.path(), conn.userId()) : null;
            Runnable welcome = () -> {
                conn.send(Frames.welcome(ctx.welcomeForm, conn.id(), conn.userId(), ctx.settings));
                Heartbeat.start(ctx, conn);
            };
            if (fault == null) {
                welcome.run();
            } else if (fault instanceof Fault.NoWelcome) {
                conn.silence();
            } else if (fault instanceof Fault.DelayWelcome d) {
                conn.after(d.delay().toMillis(), welcome);
            } else if (fault instanceof Fault.CloseSocket c) {
                conn.close(c.code(), c.reason());
            } else if (fault instanceof Fault.Drop) {
                conn.drop();
            } else {
                welcome.run();
            }
        };
    }

    private static Map<String, List<String>> headers(HttpServerExchange exchange) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            out.put(values.getHeaderName().toString(), List.copyOf(values));
        }
        return out;
    }

    /** RFC 6455 version 13, answering the subprotocol CONTRACT.md §2 asks for, never one the client did not offer. */
    static final class ContractHandshake extends Hybi13Handshake {
        ContractHandshake() {
            super(Set.of(), false);
        }

        @Override
        protected String supportedSubprotols(String[] requested) {
            String firstTokenEntry = null;
            for (String p : requested) {
                String entry = p.strip();
                if (entry.equals(TokenExtractor.JWT_AUTH)) {
                    return entry;
                }
                if (firstTokenEntry == null && TokenExtractor.tokenFromEntry(entry) != null) {
                    firstTokenEntry = entry;
                }
            }
            return firstTokenEntry;
        }
    }
}
