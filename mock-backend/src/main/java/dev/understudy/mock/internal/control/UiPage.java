package dev.understudy.mock.internal.control;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /ui}: the live page, one self-contained HTML document (its stylesheet and script inlined from
 * {@code understudy/ui/}), so it loads nothing but itself and works with no network beyond the admin port.
 */
final class UiPage implements HttpHandler {

    /** Only this origin, nothing inline but our own style and script, no frames, no forms posting elsewhere. */
    static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final byte[] page;

    UiPage() {
        String html = resource("index.html");
        html = html.replace("<!-- app.css -->", "<style>\n" + resource("app.css") + "</style>");
        html = html.replace("<!-- app.js -->", "<script>\n" + resource("app.js") + "</script>");
        this.page = html.getBytes(StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream in = UiPage.class.getResourceAsStream("/understudy/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The live page's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        ex.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, CSP);
        ex.getResponseHeaders().put(Headers.REFERRER_POLICY, "no-referrer");
        ex.getResponseSender().send(java.nio.ByteBuffer.wrap(page));
    }
}
