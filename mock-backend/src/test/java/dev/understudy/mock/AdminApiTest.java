package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin API driven over plain HTTP with the JDK client, as a test in any language would. */
@Timeout(30)
class AdminApiTest {

    MockStagingServer server;
    URI admin;

    @BeforeEach
    void start() {
        server = MockStagingServer.builder().start();
        admin = server.adminUri();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Http.Reply post(URI base, String path, String json) throws Exception {
        return Http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Http.Reply delete(URI base, String path) throws Exception {
        return Http.send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    @Test
    void adminListensOnItsOwnLoopbackPortNotOnThePublicOne() throws Exception {
        assertThat(admin.getHost()).isEqualTo("127.0.0.1");
        assertThat(admin.getPort()).isNotEqualTo(server.port());
        assertThat(Http.get(server.httpUri(), "/faults").status()).isEqualTo(404);
        JsonNode root = Http.get(admin, "/").json();
        assertThat(root.get("http").asText()).isEqualTo(server.httpUri().toString());
        assertThat(root.get("websocket").asText()).isEqualTo(server.webSocketUri().toString());
    }

    @Test
    void addListGetRemoveAndReset() throws Exception {
        Http.Reply added = post(admin, "/faults", "{\"fault\":\"status\",\"code\":503,\"path\":\"/health\",\"times\":2}");
        assertThat(added.status()).isEqualTo(201);
        String id = added.json().get("faults").get(0).get("id").asText();
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(503);

        JsonNode listed = Http.get(admin, "/faults").json().get("faults").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(id);
        assertThat(listed.get("fault").asText()).isEqualTo("status");
        assertThat(listed.get("hits").asInt()).isEqualTo(1);
        assertThat(Http.get(admin, "/faults/" + id).json().get("times").asInt()).isEqualTo(2);

        assertThat(delete(admin, "/faults/" + id).status()).isEqualTo(204);
        assertThat(delete(admin, "/faults/" + id).status()).isEqualTo(404);
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);

        post(admin, "/faults", "[{\"fault\":\"hang\",\"path\":\"/ws/config\"},{\"fault\":\"no-pong\"}]");
        assertThat(server.faults().stream().filter(r -> r.active()).count()).isEqualTo(2);
        assertThat(delete(admin, "/faults").status()).isEqualTo(204);
        assertThat(server.faults()).isEmpty();
    }

    @Test
    void badSpecIs400NamingTheField() throws Exception {
        Http.Reply reply = post(admin, "/faults", "{\"fault\":\"omit\",\"event\":\"tool_done\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("detail").asText()).contains("event:");
        Http.Reply counted = post(admin, "/faults", "[{\"fault\":\"hang\"},{\"fault\":\"refuse\",\"times\":2}]");
        assertThat(counted.status()).isEqualTo(400);
        assertThat(counted.json().get("detail").asText()).contains("schedule:");
        assertThat(server.faults()).allSatisfy(r -> assertThat(r.active()).isFalse());
        assertThat(post(admin, "/faults", "nope").status()).isEqualTo(400);
    }

    @Test
    void refusePresetKeepsTheAdminPortAnswering() throws Exception {
        assertThat(post(admin, "/presets/local-service-down", "").status()).isEqualTo(201);
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
        assertThat(Http.get(admin, "/").json().get("refusing").asBoolean()).isTrue();
        assertThat(delete(admin, "/faults").status()).isEqualTo(204);
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);
    }

    @Test
    void presetsAreListedAndUnknownOnesAre404() throws Exception {
        assertThat(Http.get(admin, "/presets").json().get("presets").toString()).contains("cold-start", "handshake-500");
        assertThat(post(admin, "/presets/nope", "").status()).isEqualTo(404);
    }

    @Test
    void journalIsReadableAndClearable() throws Exception {
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("journal-user"))) {
            probe.next();
            probe.sendJson(Map.of("type", "heartbeat"));
            probe.next();
        }
        server.journal().awaitFrameIn("journal-user", "heartbeat", java.time.Duration.ofSeconds(5));
        JsonNode connections = Http.get(admin, "/journal").json().get("connections");
        JsonNode mine = connections.get(connections.size() - 1);
        assertThat(mine.get("user").asText()).isEqualTo("journal-user");
        assertThat(mine.get("frames").get(0).get("direction").asText()).isEqualTo("out");
        assertThat(Http.get(admin, "/journal/" + mine.get("id").asText()).status()).isEqualTo(200);
        assertThat(delete(admin, "/journal").status()).isEqualTo(204);
        assertThat(Http.get(admin, "/journal").json().get("connections")).isEmpty();
    }

    @Test
    void healthCanBeTurnedOffAndOn() throws Exception {
        Http.Reply off = Http.send(HttpRequest.newBuilder(admin.resolve("/health"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"healthy\":false,\"message\":\"db down\"}")));
        assertThat(off.status()).isEqualTo(204);
        assertThat(Http.get(server.httpUri(), "/health").json().get("message").asText()).isEqualTo("db down");
        Http.send(HttpRequest.newBuilder(admin.resolve("/health")).PUT(HttpRequest.BodyPublishers.ofString("{\"healthy\":true}")));
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);
    }

    @Test
    void nonLoopbackAdminRequiresItsToken() throws Exception {
        try (MockStagingServer exposed = MockStagingServer.builder().adminHost("0.0.0.0").adminToken("s3cret").start()) {
            URI base = URI.create("http://127.0.0.1:" + exposed.adminUri().getPort());
            assertThat(Http.get(base, "/faults").status()).isEqualTo(401);
            Http.Reply ok = Http.send(HttpRequest.newBuilder(base.resolve("/faults")).header("Authorization", "Bearer s3cret").GET());
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    @Test
    void resetRemovesEveryFaultRestoresHealthAndClearsTheJournal() throws Exception {
        post(admin, "/faults", "[{\"fault\":\"no-pong\"},{\"fault\":\"status\",\"code\":418,\"path\":\"/ws/config\"}]");
        server.unhealthy("db down");
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("reset-user"))) {
            probe.next();
        }
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(503);
        assertThat(Http.get(admin, "/journal").json().get("connections")).isNotEmpty();

        Http.Reply reset = post(admin, "/reset", "");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().get("faults_removed").asInt()).isEqualTo(2);
        assertThat(server.faults()).isEmpty();
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);
        assertThat(Http.get(server.httpUri(), "/ws/config").status()).isEqualTo(200);
        assertThat(Http.get(admin, "/journal").json().get("connections")).isEmpty();
        assertThat(post(admin, "/reset", "").json().get("faults_removed").asInt()).isZero();
    }

    @Test
    void tokensAreSignedWithTheServersSecretForTheUserWithTheExtraClaims() throws Exception {
        double before = System.currentTimeMillis() / 1000.0;
        Http.Reply minted = post(admin, "/tokens", "{\"user\":\"alice\",\"claims\":{\"email\":\"alice@corp.test\","
                + "\"permissions\":[\"admin\"],\"tenant\":\"acme\"},\"ttl_seconds\":120}");
        assertThat(minted.status()).isEqualTo(200);
        String token = minted.json().get("token").asText();
        assertThat(minted.json().get("user").asText()).isEqualTo("alice");
        var claims = io.jsonwebtoken.Jwts.parser().verifyWith(io.jsonwebtoken.security.Keys.hmacShaKeyFor(
                server.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8))).build().parseSignedClaims(token).getPayload();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.get("email")).isEqualTo("alice@corp.test");
        assertThat(claims.get("permissions")).isEqualTo(java.util.List.of("admin"));
        assertThat(claims.get("tenant")).isEqualTo("acme");
        assertThat(claims.get("type")).isEqualTo("access");
        double expiresAt = minted.json().get("expires_at").asDouble();
        assertThat(expiresAt).isEqualTo(claims.getExpiration().getTime() / 1000.0).isBetween(before + 118, before + 122);
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), token)) {
            assertThat(probe.next().path("data").path("user_id").asText()).isEqualTo("alice");
        }

        Http.Reply defaults = post(admin, "/tokens", "{\"user\":\"bob\"}");
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.json().get("expires_at").asDouble()).isBetween(before + 3598, before + 3602);
    }

    @Test
    void aBadTokenRequestIs400NamingTheField() throws Exception {
        java.util.Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("{}", "user:");
        bodies.put("{\"user\":\"\"}", "user:");
        bodies.put("{\"user\":7}", "user:");
        bodies.put("{\"user\":\"a\",\"ttl_seconds\":0}", "ttl_seconds:");
        bodies.put("{\"user\":\"a\",\"ttl_seconds\":-5}", "ttl_seconds:");
        bodies.put("{\"user\":\"a\",\"ttl_seconds\":\"1h\"}", "ttl_seconds:");
        bodies.put("{\"user\":\"a\",\"claims\":[1]}", "claims:");
        bodies.put("{\"user\":\"a\",\"claims\":{\"sub\":\"b\"}}", "claims.sub:");
        bodies.put("{\"user\":\"a\",\"claims\":{\"exp\":1}}", "claims.exp:");
        bodies.put("{\"user\":\"a\",\"ttl\":5}", "ttl: unknown field");
        bodies.put("not json", "request body:");
        for (var entry : bodies.entrySet()) {
            Http.Reply reply = post(admin, "/tokens", entry.getKey());
            assertThat(reply.status()).as(entry.getKey()).isEqualTo(400);
            assertThat(reply.json().get("detail").asText()).as(entry.getKey()).startsWith(entry.getValue());
        }
    }
}
