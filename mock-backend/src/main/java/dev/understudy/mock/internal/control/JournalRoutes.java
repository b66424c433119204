package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.http.Http;
import dev.understudy.mock.internal.journal.Recorder;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;

import java.util.function.Consumer;

/**
 * The admin API's journal routes: what the connections and plain HTTP requests did, filtered, one entry, or
 * forgotten.
 *
 * <pre>
 * GET    /journal          connections and plain HTTP requests; ?user= ?since=cursor ?kind=http|ws ?summary=true
 * GET    /journal/{id}     one connection or request
 * DELETE /journal          forget them                                   → 204
 * </pre>
 */
final class JournalRoutes implements Consumer<RoutingHandler> {

    private final Recorder journal;

    JournalRoutes(Recorder journal) {
        this.journal = journal;
    }

    @Override
    public void accept(RoutingHandler routes) {
        routes.get("/journal", this::list)
                .get("/journal/{id}", this::one)
                .delete("/journal", ex -> {
                    journal.clear();
                    Http.noContent(ex);
                });
    }

    private void one(HttpServerExchange ex) {
        String id = Http.param(ex, "id");
        journal.connection(id)
                .map(c -> JournalJson.connection(c, false))
                .or(() -> journal.request(id).map(JournalJson::request))
                .ifPresentOrElse(
                        entry -> Http.json(ex, 200, entry),
                        () -> Http.detail(ex, 404, "No journal entry '" + id + "'"));
    }

    /** {@code GET /journal}: the cursor first, so an entry that changes while the lists are read is seen again. */
    private void list(HttpServerExchange ex) {
        String user = ex.getQueryParameters().containsKey("user") ? Http.param(ex, "user") : null;
        long since = -1;
        String sinceText = Http.param(ex, "since");
        if (!sinceText.isEmpty()) {
            try {
                since = Long.parseLong(sinceText);
            } catch (NumberFormatException e) {
                Http.detail(ex, 400, "since: expected the cursor of an earlier GET /journal (a whole number), got '" + sinceText + "'");
                return;
            }
        }
        String kind = Http.param(ex, "kind");
        if (!kind.isEmpty() && !kind.equals("http") && !kind.equals("ws")) {
            Http.detail(ex, 400, "kind: expected http or ws, got '" + kind + "'");
            return;
        }
        String summaryText = Http.param(ex, "summary");
        if (!summaryText.isEmpty() && !summaryText.equals("true") && !summaryText.equals("false")) {
            Http.detail(ex, 400, "summary: expected true or false, got '" + summaryText + "'");
            return;
        }
        boolean summary = summaryText.equals("true");
        long after = since;
        ObjectNode body = Json.object();
        body.put("cursor", journal.cursor());
        ArrayNode connections = body.putArray("connections");
        if (!kind.equals("http")) {
            journal.connections().stream()
                    .filter(c -> c.seq() > after && (user == null || user.equals(c.user())))
                    .forEach(c -> connections.add(JournalJson.connection(c, summary)));
        }
        ArrayNode requests = body.putArray("requests");
        if (!kind.equals("ws")) {
            journal.requests().stream()
                    .filter(r -> r.seq() > after && (user == null || user.equals(r.user())))
                    .forEach(r -> requests.add(JournalJson.request(r)));
        }
        Http.json(ex, 200, body);
    }
}
