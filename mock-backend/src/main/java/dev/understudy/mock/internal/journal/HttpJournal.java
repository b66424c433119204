package dev.understudy.mock.internal.journal;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.internal.auth.Credentials;
import dev.understudy.mock.internal.auth.Jwt;
import dev.understudy.mock.internal.auth.TokenExtractor;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

import java.util.ArrayList;
import java.util.List;

/**
 * First on the public port: journals each plain HTTP request (method, path, status, faults, time, user) as the
 * journal's {@link Recorder.HttpRecording}. An upgrade is journaled only when it does not get its 101 (the
 * connection is then journaled instead) or when a fault struck it.
 */
public final class HttpJournal implements HttpHandler {

    private static final AttachmentKey<Entry> KEY = AttachmentKey.create(Entry.class);

    /** A request's journal entry, opened at once for a plain request, on demand for an upgrade. */
    private static final class Entry {
        final Recorder recorder;
        final HttpServerExchange exchange;
        Recorder.HttpRecording recording;

        Entry(Recorder recorder, HttpServerExchange exchange) {
            this.recorder = recorder;
            this.exchange = exchange;
        }

        Recorder.HttpRecording recording() {
            if (recording == null) {
                recording = recorder.request(exchange.getRequestMethod().toString(), exchange.getRequestPath(),
                        exchange.getQueryString(), user(exchange));
            }
            return recording;
        }
    }

    private final Recorder recorder;
    private final HttpHandler next;

    public HttpJournal(Recorder recorder, HttpHandler next) {
        this.recorder = recorder;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!recorder.enabled()) {
            next.handleRequest(exchange); // journal(false): not even a listener per request
            return;
        }
        Entry entry = new Entry(recorder, exchange);
        // a WebSocket upgrade only: the JDK's client offers "Upgrade: h2c" on plain requests, which stay requests
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            entry.recording();
        }
        exchange.putAttachment(KEY, entry);
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                int status = ex.getStatusCode();
                if (entry.recording != null || status != 101) {
                    entry.recording().answered(status);
                }
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }

    /**
     * The HTTP wing tells the journal which faults struck a request, and whether one of them may leave it unanswered
     * (its injector was asked to hang or to close): such a request is ended when its connection closes.
     */
    public static void struck(HttpServerExchange exchange, List<Fault> faults, boolean mayNotAnswer) {
        Entry entry = exchange.getAttachment(KEY);
        if (entry == null) {
            return;
        }
        List<String> kinds = new ArrayList<>(faults.size());
        for (Fault f : faults) {
            kinds.add(f.kind());
        }
        Recorder.HttpRecording recording = entry.recording();
        recording.struck(kinds);
        if (mayNotAnswer) {
            exchange.getConnection().addCloseListener(c -> recording.closedUnanswered());
        }
    }

    /** The {@code sub} the request's token claims, unverified: a label for the journal, never an admission. */
    private static String user(HttpServerExchange exchange) {
        Credentials credentials = Credentials.of(exchange);
        if (credentials != null) {
            return credentials.scopeUser();
        }
        String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        String query = exchange.getQueryString();
        if (auth == null && (query == null || !query.contains("token="))) {
            return null;
        }
        String token = TokenExtractor.read(exchange).token();
        return token == null ? null : Jwt.unverifiedSubject(token);
    }
}
