package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routes as data: the staging-rest fixture over real sockets, templates, token and body checks, and bad files. */
@Timeout(30)
class RoutesTest {

    MockStagingServer server;

    @BeforeEach
    void start() {
        server = MockStagingServer.builder().routes("staging-rest").start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Http.Reply post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.httpUri().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return Http.send(b);
    }

    @Test
    void theFixtureIsListed() {
        assertThat(Fixtures.names(Fixtures.ROUTES)).contains("staging-rest");
    }

    @Test
    void theStagingRestGetRoutesAnswerTheirShapes() throws Exception {
        Http.Reply discovery = Http.get(server.httpUri(), "/api/discovery/services");
        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.json().get("available").asBoolean()).isTrue();
        assertThat(discovery.json().get("services").isObject()).isTrue();
        Http.Reply servers = Http.get(server.httpUri(), "/api/mcp/servers");
        assertThat(servers.json().get("data").isArray()).isTrue();
        Http.Reply config = Http.get(server.httpUri(), "/api/mcp/config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().isObject()).isTrue();
        assertThat(config.json().size()).isPositive();
        Http.Reply events = Http.get(server.httpUri(), "/api/events");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.body()).isEqualTo("[]");
    }

    @Test
    void theBuiltInRoutesStillAnswerAndUnknownPathsAre404() throws Exception {
        assertThat(Http.get(server.httpUri(), "/health").json().get("status").asText()).isEqualTo("healthy");
        Http.Reply missing = Http.get(server.httpUri(), "/api/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asText()).isEqualTo("Not Found");
    }

    @Test
    void anotherMethodOnARoutesPathIs405() throws Exception {
        assertThat(post("/api/events", null, "{}").status()).isEqualTo(405);
    }

    @Test
    void agentExecutionAnswersAValidTokenWithTemplatedValues() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Http.Reply reply = post("/api/agents/execute", server.mintToken("alice"), "{\"type\":\"triage\",\"message\":\"hi\"}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("user_id").asText()).isEqualTo("alice");
        assertThat(json.get("agent").asText()).isEqualTo("triage");
        assertThat(json.get("response").asText()).isEqualTo("Processed: hi");
        assertThat(Instant.parse(json.get("timestamp").asText())).isAfter(before);

        Http.Reply typed = post("/api/agents/data", server.mintToken("bob"), "{\"type\":\"data\",\"message\":\"m\"}");
        assertThat(typed.status()).isEqualTo(200);
        assertThat(typed.json().get("agent").asText()).isEqualTo("data");
        assertThat(typed.json().get("user_id").asText()).isEqualTo("bob");
    }

    @Test
    void agentExecutionWithoutAValidTokenIs401() throws Exception {
        Http.Reply none = post("/api/agents/execute", null, "{\"type\":\"t\",\"message\":\"m\"}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("detail").asText()).isNotBlank();
        Http.Reply forged = post("/api/agents/triage", "not.a.jwt", "{\"type\":\"t\",\"message\":\"m\"}");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().has("detail")).isTrue();
    }

    @Test
    void aBodyWithoutTypeOrMessageIs422NamingTheField() throws Exception {
        Http.Reply reply = post("/api/agents/execute", server.mintToken("alice"), "{\"message\":\"m\"}");
        assertThat(reply.status()).isEqualTo(422);
        JsonNode detail = reply.json().get("detail");
        assertThat(detail.isArray()).isTrue();
        assertThat(detail.get(0).get("loc").toString()).isEqualTo("[\"body\",\"type\"]");
        assertThat(detail.get(0).get("msg").asText()).isEqualTo("Field required");

        assertThat(post("/api/agents/triage", server.mintToken("alice"), "not json").status()).isEqualTo(422);
        assertThat(post("/api/agents/triage", server.mintToken("alice"), "{\"type\":\"t\"}").json()
                .get("detail").get(0).get("loc").get(1).asText()).isEqualTo("message");
    }

    @Test
    void faultsStrikeRoutesLikeAnyPath() throws Exception {
        server.inject(Fault.delay(Duration.ofMillis(200)), Scope.paths("/api/events"));
        server.inject(Fault.status(503), Scope.paths("/api/events"));
        long start = System.nanoTime();
        assertThat(Http.get(server.httpUri(), "/api/events").status()).isEqualTo(503);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
        assertThat(Http.get(server.httpUri(), "/api/mcp/servers").status()).isEqualTo(200);
    }

    @Test
    void aRouteDelayWaitsAndHeadersAndStatusAreGiven() throws Exception {
        Routes routes = Routes.parse("""
                {"routes":[{"method":"PUT","path":"/api/items/{id}","status":201,"delay_ms":200,
                  "headers":{"X-Served-By":"understudy"},"body":{"id":"{{path.id}}","tags":["{{path.id}}-x"]}}]}
                """, "test routes");
        try (MockStagingServer own = MockStagingServer.builder().routes(routes).start()) {
            long start = System.nanoTime();
            Http.Reply reply = Http.send(HttpRequest.newBuilder(own.httpUri().resolve("/api/items/42"))
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.json().get("id").asText()).isEqualTo("42");
            assertThat(reply.json().get("tags").get(0).asText()).isEqualTo("42-x");
            assertThat(Http.get(own.httpUri(), "/api/items/42/more").status()).isEqualTo(404);
        }
    }

    @Test
    void aBadFileNamesTheFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> Routes.parse("{\"routes\":[{\"path\":\"/a\",\"status\":\"ok\"}]}", "f.json"))
                .hasMessageContaining("f.json: routes[0].status: expected a whole number 100-599");
        assertThatThrownBy(() -> Routes.parse("{\"routes\":[{\"path\":\"/a\",\"colour\":1}]}", "f.json"))
                .hasMessageContaining("routes[0].colour: unknown field");
        assertThatThrownBy(() -> Routes.parse("{\"routes\":[{\"method\":\"FETCH\",\"path\":\"/a\"}]}", "f.json"))
                .hasMessageContaining("routes[0].method: expected one of GET");
        assertThatThrownBy(() -> Routes.parse("{\"routes\":[{\"path\":\"a\"}]}", "f.json"))
                .hasMessageContaining("routes[0].path: expected an absolute path");
        assertThatThrownBy(() -> Routes.parse("{\"routes\":[{\"path\":\"/a/{id}\",\"body\":{\"x\":\"{{path.nope}}\"}}]}", "f.json"))
                .hasMessageContaining("routes[0].body: expected a placeholder").hasMessageContaining("{{path.nope}}");
        assertThatThrownBy(() -> Routes.parse("{\"routes\":[{\"path\":\"/a\",\"body\":{\"x\":\"{{token.sub}}\"}}]}", "f.json"))
                .hasMessageContaining("requires_token");
        assertThatThrownBy(() -> Routes.parse("{\"routes\":{}}", "f.json"))
                .hasMessageContaining("f.json: routes: expected an array");
        assertThatThrownBy(() -> Routes.parse("[1]", "f.json")).hasMessageContaining("f.json: expected a JSON object");
        assertThatThrownBy(() -> Routes.resolve("no-such-routes")).hasMessageContaining("staging-rest");
    }
}
