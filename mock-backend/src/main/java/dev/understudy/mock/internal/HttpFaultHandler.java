package dev.understudy.mock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Phase;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import org.xnio.IoUtils;

import java.util.concurrent.TimeUnit;

/**
 * The HTTP-phase fault point, just after the error handler: every request, the WebSocket upgrade included,
 * asks the engine once and is answered wrongly (status, delay, hang, close) if a fault strikes.
 */
public final class HttpFaultHandler implements HttpHandler {

    /** Set on an exchange whose health answer must lack the {@code config} block. */
    static final AttachmentKey<Boolean> NO_HEALTH_CONFIG = AttachmentKey.create(Boolean.class);

    private final FaultEngine engine;
    private final HttpHandler next;

    public HttpFaultHandler(FaultEngine engine, HttpHandler next) {
        this.engine = engine;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!engine.armed(Phase.HTTP_REQUEST)) {
            next.handleRequest(exchange);
            return;
        }
        String path = exchange.getRequestPath();
        Fault fault = engine.decide(Phase.HTTP_REQUEST, path, requestUser(exchange));
        if (fault == null) {
            next.handleRequest(exchange);
            return;
        }
        if (fault instanceof Fault.Status s) {
            answer(exchange, s);
        } else if (fault instanceof Fault.Delay d) {
            exchange.dispatch(SameThreadExecutor.INSTANCE, () ->
                    exchange.getIoThread().executeAfter(() -> Connectors.executeRootHandler(next, exchange),
                            d.delay().toMillis(), TimeUnit.MILLISECONDS));
        } else if (fault instanceof Fault.Hang) {
            // dispatched and never resumed: the request is read and nothing is ever written
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { });
        } else if (fault instanceof Fault.CloseConnection) {
            IoUtils.safeClose(exchange.getConnection());
        } else if (fault instanceof Fault.NoHealthConfig) {
            exchange.putAttachment(NO_HEALTH_CONFIG, Boolean.TRUE);
            next.handleRequest(exchange);
        } else {
            next.handleRequest(exchange);
        }
    }

    private static void answer(HttpServerExchange exchange, Fault.Status s) {
        String body = s.body();
        if (body == null) {
            Http.detail(exchange, s.code(), StatusCodes.getReason(s.code()));
            return;
        }
        exchange.setStatusCode(s.code());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, looksLikeJson(body) ? "application/json" : "text/plain; charset=utf-8");
        exchange.getResponseSender().send(body);
    }

    private static boolean looksLikeJson(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node != null && (node.isObject() || node.isArray());
        } catch (Exception e) {
            return false;
        }
    }

    /** The user a WebSocket upgrade speaks for, read without verification (scopes only); null for plain HTTP. */
    static String requestUser(HttpServerExchange exchange) {
        if (exchange.getRequestHeaders().getFirst(Headers.UPGRADE) == null) {
            return null;
        }
        String token = TokenExtractor.read(exchange).token();
        return token == null ? null : Jwt.unverifiedSubject(token);
    }
}
