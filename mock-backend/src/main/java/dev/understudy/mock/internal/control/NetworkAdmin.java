package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.NetworkProfile;
import dev.understudy.mock.StagingProfile;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.http.Http;
import dev.understudy.mock.internal.net.Network;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;

import java.util.function.Consumer;

/**
 * The admin API's network routes (docs/admin-api.md): the network profile in force, read, replaced or turned off;
 * and the staging profiles the fixtures ship.
 *
 * <pre>
 * GET    /network   {"active":true,"latency":"100ms..200ms","seed":42,"frames":false,"frame_bandwidth":null}
 * PUT    /network   the same fields (every one optional) → 200 with the new state; 400 naming a bad field
 * DELETE /network   turns it off → 204
 * GET    /profiles  {"profiles":[{"name":"default","description":"..."},...]}
 * </pre>
 */
public final class NetworkAdmin implements Consumer<RoutingHandler> {

    private final Network network;

    public NetworkAdmin(Network network) {
        this.network = network;
    }

    @Override
    public void accept(RoutingHandler routes) {
        routes.get("/network", ex -> Http.json(ex, 200, state()))
                .put("/network", this::put)
                .delete("/network", ex -> {
                    network.set(null);
                    Http.noContent(ex);
                })
                .get("/profiles", ex -> {
                    ObjectNode body = Json.object();
                    ArrayNode list = body.putArray("profiles");
                    for (String name : StagingProfile.names()) {
                        ObjectNode one = list.addObject();
                        one.put("name", name);
                        one.put("description", StagingProfile.resolve(name).description());
                    }
                    Http.json(ex, 200, body);
                });
    }

    private void put(HttpServerExchange ex) {
        ex.getRequestReceiver().receiveFullString((e, body) -> {
            NetworkProfile profile;
            try {
                profile = NetworkProfile.fromJson(body == null || body.isBlank() ? "{}" : body, "request body");
            } catch (IllegalArgumentException bad) {
                Http.detail(e, 400, bad.getMessage());
                return;
            }
            network.set(profile);
            Http.json(e, 200, state());
        });
    }

    private ObjectNode state() {
        ObjectNode n = Json.object();
        NetworkProfile p = network.profile();
        n.put("active", p != null);
        if (p != null) {
            p.toJsonMap().forEach((k, v) -> n.set(k, Json.MAPPER.valueToTree(v)));
        }
        return n;
    }
}
