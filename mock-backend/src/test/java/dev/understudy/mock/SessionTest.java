package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class SessionTest {

    static MockStagingServer server;

    @BeforeAll
    static void start() {
        server = MockStagingServer.builder().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WsProbe open(String user) throws Exception {
        WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken(user));
        assertThat(probe.next().get("type").asText()).isEqualTo("system_message");
        return probe;
    }

    @Test
    void welcomeComesFirstWithEveryField() throws Exception {
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("welcome-user"))) {
            JsonNode welcome = probe.next();
            assertThat(welcome.get("type").asText()).isEqualTo("system_message");
            assertThat(welcome.get("timestamp").isNumber()).isTrue();
            JsonNode data = welcome.get("data");
            assertThat(data.get("event").asText()).isEqualTo("connection_established");
            assertThat(data.get("connection_id").asText()).isNotBlank();
            assertThat(data.get("user_id").asText()).isEqualTo("welcome-user");
            assertThat(OffsetDateTime.parse(data.get("server_time").asText())).isNotNull();
            assertThat(data.get("server_time").asText()).doesNotContainPattern("\\.\\d{7,}");
            assertThat(data.get("connection_ready").asBoolean()).isTrue();
            assertThat(data.get("environment").asText()).isEqualTo("staging");
            assertThat(data.get("config").get("heartbeat_interval").asInt()).isEqualTo(15);
            assertThat(data.get("config").get("max_message_size").asInt()).isEqualTo(1_048_576);
        }
    }

    @Test
    void laterStagingWelcomeFormIsAnOption() throws Exception {
        try (MockStagingServer later = MockStagingServer.builder().welcomeForm(WelcomeForm.CONNECTION_ESTABLISHED).start();
             WsProbe probe = WsProbe.connect(later.webSocketUri(), later.mintToken("u"))) {
            JsonNode welcome = probe.next();
            assertThat(welcome.get("type").asText()).isEqualTo("connection_established");
            assertThat(welcome.get("data").get("user_id").asText()).isEqualTo("u");
            assertThat(welcome.get("data").get("connection_ready").asBoolean()).isTrue();
        }
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheUser() throws Exception {
        try (WsProbe probe = open("pinger")) {
            probe.sendJson(Map.of("type", "ping"));
            JsonNode pong = probe.next();
            assertThat(pong.get("type").asText()).isEqualTo("pong");
            assertThat(pong.get("data").get("user_id").asText()).isEqualTo("pinger");
            assertThat(pong.get("data").get("timestamp").isNumber()).isTrue();
            assertThat(pong.get("timestamp").isNumber()).isTrue();
        }
    }

    @Test
    void heartbeatIsAcknowledged() throws Exception {
        try (WsProbe probe = open("hb")) {
            probe.sendJson(Map.of("type", "heartbeat"));
            JsonNode ack = probe.next();
            assertThat(ack.get("type").asText()).isEqualTo("heartbeat_ack");
            assertThat(ack.get("timestamp").isNumber()).isTrue();
        }
    }

    @Test
    void textThatIsNotJsonGetsAParseErrorAndTheSocketStaysOpen() throws Exception {
        try (WsProbe probe = open("sloppy")) {
            probe.send("{not json");
            JsonNode error = probe.next();
            assertThat(error.get("type").asText()).isEqualTo("error_message");
            assertThat(error.get("error_code").asText()).isEqualTo("JSON_PARSE_ERROR");
            assertThat(error.get("error_message").asText()).isNotBlank();
            probe.sendJson(Map.of("type", "ping"));
            assertThat(probe.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void jsonThatIsNotAnObjectWithATypeIsAnInvalidMessage() throws Exception {
        try (WsProbe probe = open("odd")) {
            for (String bad : List.of("[1,2]", "42", "{\"type\":7}", "{\"no_type\":true}")) {
                probe.send(bad);
                JsonNode error = probe.next();
                assertThat(error.get("type").asText()).as(bad).isEqualTo("error_message");
                assertThat(error.get("error_code").asText()).as(bad).isEqualTo("INVALID_MESSAGE");
            }
            probe.sendJson(Map.of("type", "ping"));
            assertThat(probe.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void unknownTypeIsAcknowledged() throws Exception {
        try (WsProbe probe = open("acker")) {
            probe.sendJson(Map.of("type", "get_thread_history", "thread_id", "t1"));
            JsonNode ack = probe.next();
            assertThat(ack.get("type").asText()).isEqualTo("ack");
            assertThat(ack.get("received_type").asText()).isEqualTo("get_thread_history");
            assertThat(ack.get("status").asText()).isEqualTo("acknowledged");
            assertThat(ack.get("user_id").asText()).isEqualTo("acker");
        }
    }

    @Test
    void binaryFrameClosesWith1003() throws Exception {
        try (WsProbe probe = open("binary")) {
            probe.socket().sendBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}), true).get(5, TimeUnit.SECONDS);
            WsProbe.Ending ending = probe.awaitEnding();
            assertThat(ending.code()).isEqualTo(1003);
            assertThat(ending.reason()).isEqualTo("Unsupported data");
        }
    }

    @Test
    void frameOverMaxMessageSizeClosesWith1009() throws Exception {
        WebSocketSettings small = WebSocketSettings.builder().maxMessageSize(1024).build();
        try (MockStagingServer tight = MockStagingServer.builder().settings(small).start();
             WsProbe probe = WsProbe.connect(tight.webSocketUri(), tight.mintToken("big"))) {
            probe.next();
            probe.send("{\"type\":\"chat\",\"content\":\"" + "x".repeat(1100) + "\"}");
            WsProbe.Ending ending = probe.awaitEnding();
            assertThat(ending.code()).isEqualTo(1009);
            assertThat(ending.reason()).isEqualTo("Message too big");
        }
    }

    @Test
    void frameJustUnderTheLimitIsServed() throws Exception {
        WebSocketSettings small = WebSocketSettings.builder().maxMessageSize(1024).build();
        try (MockStagingServer tight = MockStagingServer.builder().settings(small).start();
             WsProbe probe = WsProbe.connect(tight.webSocketUri(), tight.mintToken("fits"))) {
            probe.next();
            String frame = "{\"type\":\"note\",\"pad\":\"" + "x".repeat(1000) + "\"}";
            assertThat(frame.length()).isLessThanOrEqualTo(1024);
            probe.send(frame);
            assertThat(probe.next().get("type").asText()).isEqualTo("ack");
        }
    }

    @Test
    void idleClientGetsHeartbeatsAfterTheInterval() throws Exception {
        WebSocketSettings quick = WebSocketSettings.builder().heartbeatInterval(Duration.ofMillis(150)).build();
        try (MockStagingServer beating = MockStagingServer.builder().settings(quick).start();
             WsProbe probe = WsProbe.connect(beating.webSocketUri(), beating.mintToken("idle"))) {
            String connectionId = probe.next().get("data").get("connection_id").asText();
            JsonNode beat = probe.next(Duration.ofSeconds(3));
            assertThat(beat.get("type").asText()).isEqualTo("heartbeat");
            assertThat(beat.get("data").get("connection_id").asText()).isEqualTo(connectionId);
            assertThat(probe.next(Duration.ofSeconds(3)).get("type").asText()).isEqualTo("heartbeat");
        }
    }

    @Test
    void activeClientGetsNoHeartbeat() throws Exception {
        WebSocketSettings slowish = WebSocketSettings.builder().heartbeatInterval(Duration.ofMillis(400)).build();
        try (MockStagingServer beating = MockStagingServer.builder().settings(slowish).start();
             WsProbe probe = WsProbe.connect(beating.webSocketUri(), beating.mintToken("busy"))) {
            probe.next();
            // ping every 100 ms for 1 s: silence never reaches 400 ms, so only pongs come back
            List<String> types = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                probe.sendJson(Map.of("type", "ping"));
                types.add(probe.next().get("type").asText());
                String extra = probe.poll(Duration.ofMillis(100));
                if (extra != null) {
                    types.add(WsProbe.JSON.readTree(extra).get("type").asText());
                }
            }
            assertThat(types).containsOnly("pong");
        }
    }

    @Test
    void eleventhSocketOfOneUserIsUpgradedThenClosed1008WithoutWelcome() throws Exception {
        List<WsProbe> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(SessionTest.open("capped"));
            }
            assertThat(server.openSockets("capped")).isEqualTo(10);
            try (WsProbe extra = WsProbe.connect(server.webSocketUri(), server.mintToken("capped"))) {
                WsProbe.Ending ending = extra.awaitEnding();
                assertThat(ending.code()).isEqualTo(1008);
                assertThat(ending.reason()).isEqualTo("Too many concurrent connections");
                assertThat(extra.poll(Duration.ZERO)).isNull();
            }
            try (WsProbe otherUser = SessionTest.open("not-capped")) {
                otherUser.sendJson(Map.of("type", "ping"));
                assertThat(otherUser.next().get("type").asText()).isEqualTo("pong");
            }
        } finally {
            open.forEach(WsProbe::close);
        }
    }

    @Test
    void closedSocketFreesItsPlaceUnderTheCap() throws Exception {
        try (MockStagingServer one = MockStagingServer.builder().maxSocketsPerUser(1).start()) {
            WsProbe first = WsProbe.connect(one.webSocketUri(), one.mintToken("solo"));
            first.next();
            first.socket().sendClose(1000, "done").get(5, TimeUnit.SECONDS);
            first.awaitEnding();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> one.openSockets("solo") == 0);
            try (WsProbe second = WsProbe.connect(one.webSocketUri(), one.mintToken("solo"))) {
                assertThat(second.next().get("type").asText()).isEqualTo("system_message");
            }
        }
    }

    @Test
    void stoppingTheServerSends1001ToEveryOpenSocket() throws Exception {
        MockStagingServer stopping = MockStagingServer.builder().start();
        WsProbe a = WsProbe.connect(stopping.webSocketUri(), stopping.mintToken("a"));
        WsProbe b = WsProbe.connect(stopping.webSocketUri(), stopping.mintToken("b"));
        a.next();
        b.next();
        stopping.close();
        assertThat(a.awaitEnding().code()).isEqualTo(1001);
        assertThat(b.awaitEnding().code()).isEqualTo(1001);
    }
}
