package dev.understudy.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.client.BackendHttpClient;
import dev.understudy.client.HttpReply;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.junit5.MockOnly;
import dev.understudy.junit5.MockStagingTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract (docs/contract.md) §1: health, its config block, /ws/config, the test-auth endpoint and 404s. */
@MockStagingTest(bypassKey = Sockets.MOCK_BYPASS_KEY)
@ExtendWith(ReachabilityGate.class)
@Order(1)
@DisplayName("Health and config (contract §1)")
class HealthContractTest {

    static final List<String> CONFIG_KEYS = List.of("websocket_connection_timeout", "websocket_heartbeat_interval",
            "websocket_heartbeat_timeout", "websocket_cleanup_interval", "websocket_connect_timeout",
            "websocket_handshake_timeout", "websocket_ping_timeout", "websocket_close_timeout");

    @Test
    void healthIsHealthyAndCarriesTheWebSocketSettingsAsStrings(Target target) {
        HttpReply reply = Expect.status(() -> target.httpClient().health(Waits.HTTP), 200, "GET /health");
        JsonNode body = reply.json();
        assertThat(body.get("status").asText()).isEqualTo("healthy");
        assertThat(body.get("service").asText()).isNotBlank();
        assertThat(body.get("version").asText()).isNotBlank();
        assertThat(body.get("environment").asText()).isNotBlank();
        assertThat(body.get("timestamp").isNumber()).isTrue();
        assertThat(body.get("uptime_seconds").isNumber()).isTrue();
        JsonNode config = body.get("config");
        assertThat(config).as("the config block").isNotNull();
        for (String key : CONFIG_KEYS) {
            assertThat(config.get(key)).as(key).isNotNull();
            assertThat(config.get(key).isTextual()).as(key + " is a string").isTrue();
            assertThat(Double.parseDouble(config.get(key).asText())).as(key).isPositive();
        }
    }

    @Test
    void headOnHealthAnswers200(Target target) {
        Expect.status(() -> target.httpClient().head("/health", Waits.HTTP), 200, "HEAD /health");
    }

    @Test
    void apiHealthAddsTheDependencyChecks(Target target) {
        HttpReply reply = Expect.status(() -> target.httpClient().apiHealth(Waits.HTTP), 200, "GET /api/health");
        JsonNode body = reply.json();
        assertThat(body.get("config")).isNotNull();
        for (String dependency : List.of("database", "redis")) {
            JsonNode check = body.path("checks").path(dependency);
            assertThat(check.path("status").asText()).as(dependency).isEqualTo("healthy");
            assertThat(check.path("connected").asBoolean()).as(dependency).isTrue();
            assertThat(check.path("response_time_ms").isNumber()).as(dependency).isTrue();
        }
    }

    @Test
    void wsConfigAgreesWithHealthsConfig(Target target) {
        BackendHttpClient http = target.httpClient();
        JsonNode ws = http.wsConfig(Waits.HTTP).json().get("websocket_config");
        JsonNode config = http.health(Waits.HTTP).json().get("config");
        assertThat(ws.get("heartbeat_interval").isNumber()).isTrue();
        assertThat(ws.get("heartbeat_interval").asDouble())
                .isEqualTo(Double.parseDouble(config.get("websocket_heartbeat_interval").asText()));
        assertThat(ws.get("connection_timeout").asDouble())
                .isEqualTo(Double.parseDouble(config.get("websocket_connection_timeout").asText()));
        assertThat(ws.get("max_message_size").asInt()).isPositive();
    }

    @Test
    void unknownPathsAnswer404WithADetail(Target target) {
        HttpReply reply = target.httpClient().get("/understudy-no-such-path", Waits.HTTP);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("detail").asText()).isEqualTo("Not Found");
    }

    @Test
    @MockOnly("uses the embedded mock's bypass key and a server without one")
    void testAuthTradesTheBypassKeyForATokenPair(MockStagingServer server) {
        BackendHttpClient http = BackendHttpClient.builder(server.httpUri()).build();
        HttpReply ok = http.post("/auth/e2e/test-auth", java.util.Map.of("X-E2E-Bypass-Key", Sockets.MOCK_BYPASS_KEY),
                java.util.Map.of("email", "carol@example.com", "name", "Carol", "permissions", List.of("read")), Waits.HTTP);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(ok.json().get("expires_in").asInt()).isEqualTo(900);
        assertThat(ok.json().get("user").get("id").asText()).isEqualTo("e2e-carol");
        HttpReply wrong = http.post("/auth/e2e/test-auth", java.util.Map.of("X-E2E-Bypass-Key", "wrong"),
                java.util.Map.of("email", "carol@example.com"), Waits.HTTP);
        assertThat(wrong.status()).isEqualTo(401);
        try (MockStagingServer keyless = MockStagingServer.builder().start()) {
            HttpReply none = BackendHttpClient.builder(keyless.httpUri()).build().post("/auth/e2e/test-auth",
                    java.util.Map.of("X-E2E-Bypass-Key", "x"), java.util.Map.of("email", "a@b.c"), Waits.HTTP);
            assertThat(none.status()).isEqualTo(503);
            assertThat(none.json().get("detail").asText()).isEqualTo("E2E bypass key not configured");
        }
    }

    @Test
    @MockOnly("makes the server unhealthy")
    void unhealthyIs503WithAMessage(MockStagingServer server, Target target) {
        server.unhealthy("database unreachable");
        try {
            HttpReply reply = target.httpClient().health(Waits.HTTP);
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().get("status").asText()).isEqualTo("unhealthy");
            assertThat(reply.json().get("message").asText()).isEqualTo("database unreachable");
        } finally {
            server.healthy();
        }
    }
}
