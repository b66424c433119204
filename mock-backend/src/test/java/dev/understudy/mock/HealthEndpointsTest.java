package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class HealthEndpointsTest {

    static MockStagingServer server;

    @BeforeAll
    static void start() {
        server = MockStagingServer.builder().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthAnswersHealthyWithTheConfigBlockAsStrings() throws Exception {
        Http.Reply reply = Http.get(server.httpUri(), "/health");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("status").asText()).isEqualTo("healthy");
        assertThat(body.get("service").asText()).isEqualTo("netra-ai-platform");
        assertThat(body.get("version").asText()).isEqualTo("1.0.0");
        assertThat(body.get("environment").asText()).isEqualTo("staging");
        assertThat(body.get("timestamp").isNumber()).isTrue();
        assertThat(body.get("uptime_seconds").isNumber()).isTrue();
        JsonNode config = body.get("config");
        assertThat(config.get("websocket_connection_timeout").asText()).isEqualTo("360");
        assertThat(config.get("websocket_heartbeat_interval").asText()).isEqualTo("15");
        assertThat(config.get("websocket_heartbeat_timeout").asText()).isEqualTo("45");
        assertThat(config.get("websocket_cleanup_interval").asText()).isEqualTo("120");
        assertThat(config.get("websocket_connect_timeout").asText()).isEqualTo("10");
        assertThat(config.get("websocket_handshake_timeout").asText()).isEqualTo("15");
        assertThat(config.get("websocket_ping_timeout").asText()).isEqualTo("5");
        assertThat(config.get("websocket_close_timeout").asText()).isEqualTo("10");
        assertThat(config.get("websocket_close_timeout").isTextual()).isTrue();
        assertThat(body.has("checks")).isFalse();
    }

    @Test
    void timestampsArePlainFloatsNotExponentNotation() throws Exception {
        String raw = Http.get(server.httpUri(), "/health").body();
        assertThat(raw).containsPattern("\"timestamp\":\\d{10}\\.\\d+[,}]");
    }

    @Test
    void apiHealthAddsDependencyChecks() throws Exception {
        Http.Reply reply = Http.get(server.httpUri(), "/api/health");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("config").get("websocket_heartbeat_interval").asText()).isEqualTo("15");
        for (String dep : List.of("database", "redis")) {
            JsonNode check = body.get("checks").get(dep);
            assertThat(check.get("status").asText()).isEqualTo("healthy");
            assertThat(check.get("connected").asBoolean()).isTrue();
            assertThat(check.get("response_time_ms").isNumber()).isTrue();
        }
    }

    @Test
    void headOnHealthAnswers200WithoutABody() throws Exception {
        Http.Reply reply = Http.send(HttpRequest.newBuilder(server.httpUri().resolve("/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void wsConfigGivesTheSameSettingsAsNumbers() throws Exception {
        JsonNode config = Http.get(server.httpUri(), "/ws/config").json().get("websocket_config");
        assertThat(config.get("heartbeat_interval").isIntegralNumber()).isTrue();
        assertThat(config.get("heartbeat_interval").asInt()).isEqualTo(15);
        assertThat(config.get("connection_timeout").asInt()).isEqualTo(360);
        assertThat(config.get("max_message_size").asInt()).isEqualTo(1_048_576);
    }

    @Test
    void unknownPathsAnswer404WithDetail() throws Exception {
        for (String path : List.of("/nope", "/health/extra", "/api/v2/websocket")) {
            Http.Reply reply = Http.get(server.httpUri(), path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.json().get("detail").asText()).isEqualTo("Not Found");
        }
    }

    @Test
    void plainGetOnTheWebSocketPathsIs426NamingTheUpgrade() throws Exception {
        for (String path : List.of("/ws", "/api/v1/websocket")) {
            var reply = Http.get(server.httpUri(), path);
            assertThat(reply.status()).as(path).isEqualTo(426);
            assertThat(reply.json().get("detail").asText()).as(path).startsWith("Upgrade Required: " + path)
                    .contains("Upgrade: websocket");
        }
    }

    @Test
    void unhealthyServerAnswers503OnBothHealthPaths() throws Exception {
        try (MockStagingServer sick = MockStagingServer.builder().start()) {
            sick.unhealthy("database unreachable");
            for (String path : List.of("/health", "/api/health")) {
                Http.Reply reply = Http.get(sick.httpUri(), path);
                assertThat(reply.status()).isEqualTo(503);
                assertThat(reply.json().get("status").asText()).isEqualTo("unhealthy");
                assertThat(reply.json().get("message").asText()).isEqualTo("database unreachable");
            }
            sick.healthy();
            assertThat(Http.get(sick.httpUri(), "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void deploymentWithoutSettingsHasNoConfigBlock() throws Exception {
        try (MockStagingServer bare = MockStagingServer.builder().healthConfig(false).start()) {
            assertThat(Http.get(bare.httpUri(), "/health").json().has("config")).isFalse();
            assertThat(Http.get(bare.httpUri(), "/api/health").json().has("config")).isFalse();
        }
    }

    @Test
    void otherSettingsFeedHealthWsConfigAndWelcomeAlike() throws Exception {
        WebSocketSettings settings = WebSocketSettings.builder()
                .heartbeatInterval(Duration.ofMillis(2500)).maxMessageSize(2048).build();
        try (MockStagingServer custom = MockStagingServer.builder().settings(settings).start()) {
            assertThat(Http.get(custom.httpUri(), "/health").json().get("config")
                    .get("websocket_heartbeat_interval").asText()).isEqualTo("2.5");
            JsonNode ws = Http.get(custom.httpUri(), "/ws/config").json().get("websocket_config");
            assertThat(ws.get("heartbeat_interval").asDouble()).isEqualTo(2.5);
            assertThat(ws.get("max_message_size").asInt()).isEqualTo(2048);
            try (WsProbe probe = WsProbe.connect(custom.webSocketUri(), custom.mintToken("u1"))) {
                JsonNode config = probe.next().get("data").get("config");
                assertThat(config.get("heartbeat_interval").asDouble()).isEqualTo(2.5);
                assertThat(config.get("max_message_size").asInt()).isEqualTo(2048);
            }
        }
    }

    @Test
    void wrongMethodIs405() throws Exception {
        Http.Reply reply = Http.send(HttpRequest.newBuilder(server.httpUri().resolve("/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(reply.status()).isEqualTo(405);
    }
}
