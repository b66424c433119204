package dev.understudy.mock.internal.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.xnio.IoUtils;

import java.util.logging.Level;
import java.util.logging.Logger;

/** First in the chain: a handler that throws becomes a 500 with a reason, never a hung or reset request. */
public final class ErrorHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(ErrorHandler.class.getName());

    private final HttpHandler next;

    public ErrorHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "Handler failed for " + exchange.getRequestPath(), t);
            if (exchange.isResponseStarted()) {
                IoUtils.safeClose(exchange.getConnection());
            } else {
                Http.detail(exchange, 500, "Internal Server Error: " + t);
            }
        }
    }
}
