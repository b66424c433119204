package dev.understudy.contract;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.CloseInfo;
import dev.understudy.client.Frame;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;
import dev.understudy.junit5.MockOnly;
import dev.understudy.junit5.MockStagingTest;
import dev.understudy.junit5.MockTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract (docs/contract.md) §3 and §5: the welcome, replies, errors that keep the socket open, and close codes. */
@MockStagingTest(bypassKey = Sockets.MOCK_BYPASS_KEY)
@ExtendWith(ReachabilityGate.class)
@Order(3)
@DisplayName("Session and close codes (contract §3, §5)")
class SessionContractTest {

    static final String USER = "session-contract@understudy.test";

    @Test
    void welcomeComesFirstWithEveryField(Target target) {
        try (AgentSocket socket = AgentSocket.connect(target, USER, Waits.CONNECT)) {
            Frame welcome = socket.awaitWelcome(Waits.FRAME);
            assertThat(welcome.node().get("timestamp").isNumber()).isTrue();
            var data = welcome.node().get("data");
            assertThat(data.get("connection_id").asText()).isNotBlank();
            assertThat(data.get("user_id").asText()).isEqualTo(socket.tokenSubject().orElseThrow());
            assertThat(OffsetDateTime.parse(data.get("server_time").asText())).isNotNull();
            assertThat(data.get("connection_ready").asBoolean()).isTrue();
            assertThat(data.get("environment").asText()).isNotBlank();
            assertThat(data.get("config").get("heartbeat_interval").isNumber()).isTrue();
            assertThat(data.get("config").get("max_message_size").asInt()).isPositive();
        }
    }

    @Test
    void pingGetsAPongCarryingTheUser(Target target) {
        try (AgentSocket socket = Sockets.open(target, USER)) {
            socket.send(Map.of("type", "ping"));
            Frame pong = socket.awaitType("pong", Waits.FRAME);
            assertThat(pong.node().path("data").path("user_id").asText()).isEqualTo(socket.userId());
            assertThat(pong.node().path("data").path("timestamp").isNumber()).isTrue();
        }
    }

    @Test
    void heartbeatIsAcknowledged(Target target) {
        try (AgentSocket socket = Sockets.open(target, USER)) {
            socket.send(Map.of("type", "heartbeat"));
            assertThat(socket.awaitType("heartbeat_ack", Waits.FRAME).node().get("timestamp").isNumber()).isTrue();
        }
    }

    @Test
    void malformedFrameGetsAnErrorAndTheSocketStillWorks(Target target) {
        try (AgentSocket socket = Sockets.open(target, USER)) {
            socket.sendText("{this is not json");
            Frame error = socket.awaitType("error_message", Waits.FRAME);
            assertThat(error.text("error_code")).isEqualTo("JSON_PARSE_ERROR");
            assertThat(error.text("error_message")).isNotBlank();
            socket.sendText("[\"an array\"]");
            assertThat(socket.awaitType("error_message", Waits.FRAME).text("error_code")).isEqualTo("INVALID_MESSAGE");
            socket.send(Map.of("no_type", true));
            assertThat(socket.awaitType("error_message", Waits.FRAME).text("error_code")).isEqualTo("INVALID_MESSAGE");
            socket.send(Map.of("type", "ping"));
            assertThat(socket.awaitType("pong", Waits.FRAME)).isNotNull();
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void unknownTypeIsAcknowledged(Target target) {
        try (AgentSocket socket = Sockets.open(target, USER)) {
            socket.send(Map.of("type", "understudy_unknown_type"));
            Frame ack = socket.awaitType("ack", Waits.FRAME);
            assertThat(ack.text("received_type")).isEqualTo("understudy_unknown_type");
            assertThat(ack.text("status")).isEqualTo("acknowledged");
            assertThat(ack.text("user_id")).isEqualTo(socket.userId());
        }
    }

    @Test
    void binaryFrameIsClosedWith1003(Target target) {
        try (AgentSocket socket = Sockets.open(target, USER)) {
            socket.sendBinary(new byte[]{1, 2, 3});
            CloseInfo close = socket.awaitClose(Waits.FRAME);
            assertThat(close.code()).isEqualTo(1003);
        }
    }

    @Test
    void frameOverTheMaximumIsClosedWith1009(Target target) {
        int max = target.httpClient().wsConfig(Waits.HTTP).json().get("websocket_config").get("max_message_size").asInt();
        try (AgentSocket socket = Sockets.open(target, USER)) {
            socket.sendText("{\"type\":\"chat\",\"content\":\"" + "x".repeat(max + 16) + "\"}");
            CloseInfo close = socket.awaitClose(Waits.FRAME);
            assertThat(close.code()).isEqualTo(1009);
            assertThat(close.code()).isLessThan(4000);
        }
    }

    @Test
    @MockOnly("shortens the server's heartbeat interval")
    void idleClientGetsAHeartbeat() {
        WebSocketSettings quick = WebSocketSettings.builder().heartbeatInterval(Duration.ofMillis(200)).build();
        try (MockStagingServer server = MockStagingServer.builder().settings(quick).start();
             AgentSocket socket = Sockets.open(MockTarget.of(server), USER)) {
            String connectionId = socket.welcome().orElseThrow().node().path("data").path("connection_id").asText();
            Frame beat = socket.awaitType("heartbeat", Duration.ofSeconds(5));
            assertThat(beat.node().path("data").path("connection_id").asText()).isEqualTo(connectionId);
        }
    }

    @Test
    @MockOnly("switches the server to the later welcome form")
    void laterWelcomeFormIsAcceptedByClients() {
        try (MockStagingServer server = MockStagingServer.builder().welcomeForm(WelcomeForm.CONNECTION_ESTABLISHED).start();
             AgentSocket socket = AgentSocket.connect(MockTarget.of(server), USER, Waits.CONNECT)) {
            assertThat(socket.awaitWelcome(Waits.FRAME).type()).isEqualTo("connection_established");
        }
    }

    @Test
    @MockOnly("stops the server")
    void stoppingTheServerSends1001() {
        MockStagingServer server = MockStagingServer.builder().start();
        try (AgentSocket socket = Sockets.open(MockTarget.of(server), USER)) {
            server.close();
            assertThat(socket.awaitClose(Waits.FRAME).code()).isEqualTo(1001);
        }
    }
}
