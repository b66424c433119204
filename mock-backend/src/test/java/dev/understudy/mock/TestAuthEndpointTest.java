package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class TestAuthEndpointTest {

    static MockStagingServer server;

    @BeforeAll
    static void start() {
        server = MockStagingServer.builder().e2eBypassKey("bypass-123").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Http.Reply post(URI base, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/auth/e2e/test-auth"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("X-E2E-Bypass-Key", key);
        }
        return Http.send(b);
    }

    @Test
    void rightKeyGivesATokenPairTheWebSocketAccepts() throws Exception {
        Http.Reply reply = post(server.httpUri(), "bypass-123",
                "{\"email\":\"alice@example.com\",\"name\":\"Alice\",\"permissions\":[\"read\"]}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(900);
        assertThat(body.get("refresh_token").asText()).isNotBlank();
        JsonNode user = body.get("user");
        assertThat(user.get("id").asText()).isEqualTo("e2e-alice");
        assertThat(user.get("email").asText()).isEqualTo("alice@example.com");
        assertThat(user.get("name").asText()).isEqualTo("Alice");
        assertThat(user.get("permissions").get(0).asText()).isEqualTo("read");

        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), body.get("access_token").asText())) {
            assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("e2e-alice");
        }
    }

    @Test
    void refreshTokenIsNotAcceptedAsAnAccessToken() throws Exception {
        String refresh = post(server.httpUri(), "bypass-123", "{\"email\":\"bob@example.com\"}").json()
                .get("refresh_token").asText();
        assertThat(WebSocketAuthTest.rejectedStatus(server.webSocketUri(),
                b -> b.header("Authorization", "Bearer " + refresh))).isEqualTo(403);
    }

    @Test
    void wrongOrMissingKeyIs401() throws Exception {
        Http.Reply wrong = post(server.httpUri(), "nope", "{\"email\":\"a@b.c\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asText()).isNotBlank();
        assertThat(post(server.httpUri(), null, "{\"email\":\"a@b.c\"}").status()).isEqualTo(401);
    }

    @Test
    void serverWithoutKeyAnswers503() throws Exception {
        try (MockStagingServer keyless = MockStagingServer.builder().start()) {
            Http.Reply reply = post(keyless.httpUri(), "anything", "{\"email\":\"a@b.c\"}");
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().get("detail").asText()).isEqualTo("E2E bypass key not configured");
        }
    }

    @Test
    void badBodyIs422NamingTheField() throws Exception {
        Http.Reply noEmail = post(server.httpUri(), "bypass-123", "{\"name\":\"x\"}");
        assertThat(noEmail.status()).isEqualTo(422);
        assertThat(noEmail.json().get("detail").asText()).contains("email");
        assertThat(post(server.httpUri(), "bypass-123", "not json").status()).isEqualTo(422);
    }
}
