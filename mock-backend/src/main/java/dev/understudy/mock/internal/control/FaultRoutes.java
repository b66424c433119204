package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.fault.FaultSpec;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.fault.FaultEngine;
import dev.understudy.mock.internal.http.Http;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The admin API's fault routes: the rules in force, added (one, an array, or a preset's), read and removed.
 *
 * <pre>
 * GET    /faults           every rule (active, then recently spent)
 * POST   /faults           add one fault object or an array of them      → 201 {"faults":[...]}
 * GET    /faults/{id}      one rule
 * DELETE /faults/{id}      remove it                                     → 204, or 404
 * DELETE /faults           remove every rule                             → 204
 * GET    /presets          the preset names and descriptions
 * POST   /presets/{name}   add every fault of a preset                   → 201 {"faults":[...]}
 * </pre>
 */
final class FaultRoutes implements Consumer<RoutingHandler> {

    private final FaultEngine faults;
    private final AdminApi.Injector injector;

    FaultRoutes(FaultEngine faults, AdminApi.Injector injector) {
        this.faults = faults;
        this.injector = injector;
    }

    @Override
    public void accept(RoutingHandler routes) {
        routes.get("/faults", ex -> Http.json(ex, 200, rules(faults.list())))
                .post("/faults", this::add)
                .get("/faults/{id}", this::get)
                .delete("/faults/{id}", this::remove)
                .delete("/faults", ex -> {
                    faults.reset();
                    Http.noContent(ex);
                })
                .get("/presets", FaultRoutes::presets)
                .post("/presets/{name}", this::applyPreset);
    }

    private void get(HttpServerExchange ex) {
        FaultRule rule = faults.get(Http.param(ex, "id"));
        if (rule == null) {
            Http.detail(ex, 404, "No fault '" + Http.param(ex, "id") + "'");
        } else {
            Http.json(ex, 200, FaultCodec.toJson(rule));
        }
    }

    private void remove(HttpServerExchange ex) {
        if (faults.remove(Http.param(ex, "id"))) {
            Http.noContent(ex);
        } else {
            Http.detail(ex, 404, "No active fault '" + Http.param(ex, "id") + "'");
        }
    }

    private void add(HttpServerExchange ex) {
        ex.getRequestReceiver().receiveFullString((e, body) -> {
            List<FaultSpec> specs;
            try {
                specs = FaultCodec.parseAll(body, "request body");
            } catch (IllegalArgumentException bad) {
                Http.detail(e, 400, bad.getMessage());
                return;
            }
            inject(e, specs);
        }, (e, failure) -> Http.detail(e, 400, "Could not read the request body: " + failure.getMessage()));
    }

    private static void presets(HttpServerExchange ex) {
        ObjectNode body = Json.object();
        ArrayNode names = body.putArray("presets");
        Fixtures.names(Fixtures.PRESETS).forEach(names::add);
        ArrayNode details = body.putArray("details");
        Fixtures.names(Fixtures.PRESETS).forEach(name -> details.addObject()
                .put("name", name)
                .put("description", Json.parseObject(Fixtures.preset(name), "preset " + name)
                        .path("description").asText("")));
        Http.json(ex, 200, body);
    }

    private void applyPreset(HttpServerExchange ex) {
        String name = Http.param(ex, "name");
        List<FaultSpec> specs;
        try {
            specs = FaultCodec.preset(name);
        } catch (IllegalArgumentException unknown) {
            Http.detail(ex, 404, unknown.getMessage());
            return;
        }
        inject(ex, specs);
    }

    /** All or nothing: a spec the engine refuses (e.g. a counted refuse) rolls back the ones before it. */
    private void inject(HttpServerExchange ex, List<FaultSpec> specs) {
        List<FaultHandle> added = new ArrayList<>();
        try {
            for (FaultSpec spec : specs) {
                added.add(injector.apply(spec));
            }
        } catch (IllegalArgumentException refused) {
            added.forEach(FaultHandle::close);
            Http.detail(ex, 400, refused.getMessage());
            return;
        }
        Http.json(ex, 201, rules(added.stream().map(FaultHandle::rule).toList()));
    }

    private static ObjectNode rules(List<FaultRule> rules) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("faults");
        rules.forEach(r -> list.add(FaultCodec.toJson(r)));
        return body;
    }
}
