package dev.understudy.mock.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.HttpFault;
import dev.understudy.mock.fault.Phase;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.auth.Credentials;
import dev.understudy.mock.internal.fault.FaultEngine;
import dev.understudy.mock.internal.fault.Holds;
import io.undertow.server.AbstractServerConnection;
import dev.understudy.mock.internal.net.Network;
import dev.understudy.mock.internal.journal.HttpJournal;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import org.xnio.IoUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP wing's faults, just after the error handler and the credentials: every request, the WebSocket upgrade
 * included, asks the engine once and is answered wrongly if faults strike.
 *
 * <p>Faults that meet on one request compose: their delays add up (with the network profile's latency), then the
 * first terminal answer (status, hang, close-connection) is given, or else the request goes on (health without its
 * {@code config} if no-config struck).
 */
public final class HttpFaultHandler implements HttpHandler {

    /** Set on an exchange whose health answer must lack the {@code config} block. */
    static final AttachmentKey<Boolean> NO_HEALTH_CONFIG = AttachmentKey.create(Boolean.class);

    /**
     * Dispatched and never resumed: the request is read and nothing is ever written, until the client leaves (its
     * FIN or RST closes the connection); past the bound of held connections, a 503 instead.
     */
    private HttpHandler hanging() {
        return exchange -> {
            if (!holds.tryAcquire()) {
                Http.detail(exchange, 503, "Too many connections held by faults (" + holds.max()
                        + "): this request is answered instead of hung");
                return;
            }
            Runnable release = holds.releaseOnce();
            // Not to be reused: when the client leaves, Undertow ends the exchange after the connection's close
            // listeners ran, and a persistent one would re-arm the idle timer on the closed connection, holding it
            // (and what it references) until the idle timeout. Nothing is ever written, so no client sees this.
            exchange.setPersistent(false);
            exchange.getConnection().addCloseListener(c -> release.run());
            if (!exchange.getConnection().isOpen()) {
                release.run(); // the client left before the fault struck: the listener will never run
                return;
            }
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
                if (exchange.getConnection() instanceof AbstractServerConnection c) {
                    Holds.closeWhenPeerLeaves(c.getChannel().getSourceChannel(), c);
                }
            });
        };
    }

    private static final HttpHandler CLOSE = exchange -> IoUtils.safeClose(exchange.getConnection());

    private final FaultEngine engine;
    private final Network network;
    private final HttpHandler next;
    private final Holds holds;

    public HttpFaultHandler(FaultEngine engine, HttpHandler next) {
        this(engine, new Network(null), next);
    }

    /** @param network the network profile, whose latency is one more wait added to every request's */
    public HttpFaultHandler(FaultEngine engine, Network network, HttpHandler next) {
        this(engine, network, next, Holds.unbounded());
    }

    /** @param holds the bound hung requests count against, with the other faults that hold a connection */
    public HttpFaultHandler(FaultEngine engine, Network network, HttpHandler next, Holds holds) {
        this.engine = engine;
        this.network = network;
        this.next = next;
        this.holds = holds;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Network.Pacer pacer = network.current();
        if (!engine.armed(Phase.HTTP_REQUEST)) {
            if (pacer == null) {
                next.handleRequest(exchange);
            } else {
                after(exchange, pacer.latencyMs(), next);
            }
            return;
        }
        Credentials credentials = Credentials.of(exchange);
        List<Fault> faults = engine.decideAll(Phase.HTTP_REQUEST, exchange.getRequestPath(),
                credentials == null ? null : credentials.scopeUser());
        if (faults.isEmpty()) {
            after(exchange, pacer == null ? 0 : pacer.latencyMs(), next);
            return;
        }
        Strike strike = new Strike();
        if (pacer != null) {
            strike.delayMs += pacer.latencyMs();
        }
        for (Fault fault : faults) {
            // the engine files a rule under its fault's phase, and every HTTP_REQUEST fault is an HttpFault
            ((HttpFault) fault).apply(strike);
        }
        HttpJournal.struck(exchange, faults, strike.mayEndUnanswered);
        strike.perform(exchange);
    }

    /** What the faults that struck one request add up to. */
    private final class Strike implements HttpFault.Injector {
        private long delayMs;
        private HttpHandler terminal;
        private boolean noConfig;
        /** A hang or a close struck: the request may end with its connection, unanswered. */
        private boolean mayEndUnanswered;

        @Override
        public void status(Fault.Status fault) {
            terminal(exchange -> answer(exchange, fault));
        }

        @Override
        public void delay(Fault.Delay fault) {
            delayMs += fault.delay().toMillis();
        }

        @Override
        public void hang() {
            mayEndUnanswered = true;
            terminal(hanging());
        }

        @Override
        public void closeConnection() {
            mayEndUnanswered = true;
            terminal(CLOSE);
        }

        @Override
        public void noHealthConfig() {
            noConfig = true;
        }

        private void terminal(HttpHandler answer) {
            if (terminal == null) {
                terminal = answer;
            }
        }

        void perform(HttpServerExchange exchange) throws Exception {
            if (noConfig) {
                exchange.putAttachment(NO_HEALTH_CONFIG, Boolean.TRUE);
            }
            after(exchange, delayMs, terminal != null ? terminal : next);
        }
    }

    /** Runs {@code then} after {@code delayMs} on the exchange's IO thread's scheduler (never blocking it); now for 0. */
    private static void after(HttpServerExchange exchange, long delayMs, HttpHandler then) throws Exception {
        if (delayMs <= 0) {
            then.handleRequest(exchange);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () ->
                exchange.getIoThread().executeAfter(() -> Connectors.executeRootHandler(then, exchange),
                        delayMs, TimeUnit.MILLISECONDS));
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
}
