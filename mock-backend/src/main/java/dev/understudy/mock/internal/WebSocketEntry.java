package dev.understudy.mock.internal;

import dev.understudy.mock.AuthMode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.WebSocketHttpExchange;

import java.util.List;
import java.util.Set;

/**
 * {@code /ws} and {@code /api/v1/websocket}: finds and checks the token, rejects or upgrades, answers the
 * subprotocol, enforces the per-user cap and opens the session (CONTRACT.md §2–3).
 */
public final class WebSocketEntry implements HttpHandler, WebSocketConnectionCallback {

    private static final AttachmentKey<Admission> ADMISSION = AttachmentKey.create(Admission.class);

    /** What the upgrade handler decided about a request before the 101. */
    record Admission(Jwt.Identity identity, String rejection, TokenExtractor.Offer offer) {
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
            Http.detail(exchange, 403, rejection);
            return;
        }
        if (!offer.offeredProtocols().isEmpty()) {
            // Undertow's handshake reads only the first header line: hand it every entry the client offered
            exchange.getRequestHeaders().put(Headers.SEC_WEB_SOCKET_PROTOCOL, String.join(", ", offer.offeredProtocols()));
        }
        exchange.putAttachment(ADMISSION, new Admission(identity, rejection, offer));
        handshake.handleRequest(exchange);
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Admission admission = exchange.getAttachment(ADMISSION);
        Jwt.Identity who = admission.identity() != null ? admission.identity()
                : new Jwt.Identity("unauthenticated", null, List.of());
        Connection conn = new Connection("conn_" + RunPlayer.hex(), ctx.nextSocketNumber(), who, channel);
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
        channel.addCloseTask(ch -> ctx.registry.remove(conn));
        hooks.opened(conn);
    }

    /** What happens once a socket is admitted: the welcome and the idle heartbeat (faults wrap this). */
    public interface SessionHooks {
        void opened(Connection conn);
    }

    /** The contract's session start: welcome first, then the idle heartbeat. */
    public static SessionHooks standard(ServerContext ctx) {
        return conn -> {
            conn.send(Frames.welcome(ctx.welcomeForm, conn.id(), conn.userId(), ctx.settings));
            Heartbeat.start(ctx, conn);
        };
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
