package dev.understudy.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.client.internal.token.TokenPeek;
import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.MockStagingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static dev.understudy.client.Outcomes.expectOutcome;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP against the real mock: health, config, unknown paths, the test-auth endpoint. */
@Timeout(30)
class BackendHttpClientMockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String SECRET = Fixtures.testSecret();
    private static MockStagingServer server;
    private static BackendHttpClient health;

    @BeforeAll
    static void startMock() {
        server = MockStagingServer.builder().secret(SECRET).e2eBypassKey("bypass-key").start();
        health = Target.mock(server.httpUri(), server.webSocketUri(), SECRET).httpClient();
    }

    @AfterAll
    static void stopMock() {
        server.close();
    }

    @Test
    void healthIsHealthyWithItsWebSocketConfig() {
        HttpReply reply = health.health(TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("status").asText()).isEqualTo("healthy");
        assertThat(body.path("timestamp").isNumber()).isTrue();
        assertThat(body.path("config").path("websocket_heartbeat_interval").asText()).isEqualTo("15");
    }

    @Test
    void apiHealthAddsTheChecks() {
        JsonNode body = health.apiHealth(TIMEOUT).json();

        assertThat(body.path("checks").path("database").path("connected").asBoolean()).isTrue();
    }

    @Test
    void wsConfigGivesTheSettingsAsNumbers() {
        JsonNode config = health.wsConfig(TIMEOUT).json().path("websocket_config");

        assertThat(config.path("heartbeat_interval").asInt()).isEqualTo(15);
        assertThat(config.path("max_message_size").asInt()).isEqualTo(1_048_576);
    }

    @Test
    void headAnswersWithoutBody() {
        HttpReply reply = health.head("/health", TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void anUnknownPathIsA404Reply() {
        HttpReply reply = health.get("/nope", TIMEOUT);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("detail").asText()).isEqualTo("Not Found");
    }

    @Test
    void anUnhealthyServerAnswers503() {
        try (MockStagingServer sick = MockStagingServer.builder().start()) {
            sick.unhealthy("database down");
            HttpReply reply = BackendHttpClient.builder(sick.httpUri()).build().health(TIMEOUT);

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().path("message").asText()).isEqualTo("database down");
        }
    }

    @Test
    void testAuthGivesATokenForTheEmailsE2eUser() {
        TokenSource source = TokenSource.testAuth(server.httpUri(), "bypass-key", Optional.empty());

        String token = source.tokenFor("carol@example.com", TIMEOUT);

        assertThat(TokenPeek.subject(token)).contains("e2e-carol");
        assertThat(TokenPeek.subject(token)).contains(TokenSource.userIdFor("carol@example.com"));
        try (AgentSocket socket = AgentSocket.connect(SocketOptions.builder(server.webSocketUri()).token(token).build(),
                TIMEOUT)) {
            assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("e2e-carol");
        }
    }

    @Test
    void testAuthWithAWrongKeyIsAuthRejected() {
        TokenSource source = TokenSource.testAuth(server.httpUri(), "wrong-key", Optional.empty());

        Outcome outcome = expectOutcome(Outcome.AuthRejected.class, TIMEOUT, () -> source.tokenFor("d@example.com", TIMEOUT));

        assertThat(outcome.lastSeen()).contains("Invalid E2E bypass key");
    }

    @Test
    void testAuthOnAServerWithoutAKeyIsServiceUnavailable() {
        try (MockStagingServer keyless = MockStagingServer.builder().start()) {
            TokenSource source = TokenSource.testAuth(keyless.httpUri(), "any", Optional.empty());

            expectOutcome(Outcome.ServiceUnavailable.class, TIMEOUT, () -> source.tokenFor("e@example.com", TIMEOUT));
        }
    }

    @Test
    void aMissingConfigBlockIsVisibleToTheTest() {
        try (MockStagingServer bare = MockStagingServer.builder().healthConfig(false).start()) {
            JsonNode body = BackendHttpClient.builder(bare.httpUri()).build().health(TIMEOUT).json();

            assertThat(body.has("config")).isFalse();
        }
    }

    @Test
    void postReachesTheServerWithHeadersAndJson() {
        HttpReply reply = health.post("/auth/e2e/test-auth", Map.of("X-E2E-Bypass-Key", "bypass-key"),
                Map.of("email", "f@example.com", "name", "F", "permissions", java.util.List.of()), TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("user").path("id").asText()).isEqualTo("e2e-f");
    }
}
