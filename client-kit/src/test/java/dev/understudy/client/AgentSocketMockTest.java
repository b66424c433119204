package dev.understudy.client;

import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.AuthMode;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.understudy.client.Outcomes.expectOutcome;
import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket session against the real mock over loopback: handshake, token placements, replies, closes. */
@Timeout(30)
class AgentSocketMockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final String SECRET = Fixtures.testSecret();

    private static MockStagingServer server;
    private static Target target;

    @BeforeAll
    static void startMock() {
        server = MockStagingServer.builder().secret(SECRET).start();
        target = Target.mock(server.httpUri(), server.webSocketUri(), SECRET);
    }

    @AfterAll
    static void stopMock() {
        server.close();
    }

    private static AgentSocket open(UnaryOperator<SocketOptions.Builder> options) {
        return AgentSocket.connect(options.apply(SocketOptions.builder(server.webSocketUri())).build(), TIMEOUT);
    }

    private static String token(String user) {
        return server.mintToken(user);
    }

    @Nested
    class Handshake {

        @Test
        void theDefaultPlacementNegotiatesJwtAuthAndGetsTheWelcome() {
            try (AgentSocket socket = AgentSocket.connect(target, "alice@example.com", TIMEOUT)) {
                Frame welcome = socket.awaitWelcome(TIMEOUT);

                assertThat(socket.negotiatedSubprotocol()).contains("jwt-auth");
                assertThat(welcome.type()).isEqualTo("system_message");
                assertThat(welcome.text("event")).isEqualTo("connection_established");
                assertThat(welcome.text("user_id")).isEqualTo("e2e-alice");
                assertThat(socket.userId()).isEqualTo("e2e-alice");
                assertThat(welcome.node().path("data").path("connection_ready").asBoolean()).isTrue();
            }
        }

        @Test
        void subprotocolOnlyIsAccepted() {
            try (AgentSocket socket = open(o -> o.token(token("u-sub")).placement(TokenPlacement.SUBPROTOCOL_ONLY))) {
                assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("u-sub");
                assertThat(socket.negotiatedSubprotocol()).contains("jwt-auth");
            }
        }

        @Test
        void headerOnlyIsAcceptedWithoutASubprotocol() {
            try (AgentSocket socket = open(o -> o.token(token("u-header")).placement(TokenPlacement.HEADER_ONLY))) {
                assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("u-header");
                assertThat(socket.negotiatedSubprotocol()).isEmpty();
            }
        }

        @Test
        void queryOnlyIsAccepted() {
            try (AgentSocket socket = open(o -> o.token(token("u-query")).placement(TokenPlacement.QUERY_ONLY))) {
                assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("u-query");
            }
        }

        @Test
        void anEncodedJwtEntryAloneIsAcceptedAndEchoedAsSent() {
            String token = token("u-jwt");
            String entry = SocketOptions.jwtSubprotocol(token);
            try (AgentSocket socket = open(o -> o.token(token).placement(TokenPlacement.NONE).subprotocols(entry))) {
                assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("u-jwt");
                assertThat(socket.negotiatedSubprotocol()).contains(entry);
            }
        }

        @Test
        void aBearerEntryIsAccepted() {
            String token = token("u-bearer");
            try (AgentSocket socket = open(o -> o.placement(TokenPlacement.NONE)
                    .subprotocols(SocketOptions.bearerSubprotocol(token)))) {
                assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("u-bearer");
                assertThat(socket.negotiatedSubprotocol()).contains("bearer." + token);
            }
        }

        @Test
        void theOtherPathServesTheSameSocket() {
            SocketOptions options = SocketOptions.builder(target.webSocketUri("/api/v1/websocket"))
                    .token(token("u-path")).build();
            try (AgentSocket socket = AgentSocket.connect(options, TIMEOUT)) {
                assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("u-path");
            }
        }

        @Test
        void theLaterWelcomeFormIsAcceptedToo() {
            try (MockStagingServer later = MockStagingServer.builder().welcomeForm(WelcomeForm.CONNECTION_ESTABLISHED).start();
                 AgentSocket socket = AgentSocket.connect(SocketOptions.builder(later.webSocketUri())
                         .token(later.mintToken("u-later")).build(), TIMEOUT)) {
                Frame welcome = socket.awaitWelcome(TIMEOUT);

                assertThat(welcome.type()).isEqualTo("connection_established");
                assertThat(socket.userId()).isEqualTo("u-later");
            }
        }
    }

    @Nested
    class Rejection {

        private void expectRejected(String token) {
            Outcome outcome = expectOutcome(Outcome.AuthRejected.class, TIMEOUT,
                    () -> open(o -> o.token(token)));
            assertThat(((Outcome.AuthRejected) outcome).how()).isEqualTo("http-403");
        }

        @Test
        void noTokenIsRejectedBeforeTheUpgrade() {
            expectOutcome(Outcome.AuthRejected.class, TIMEOUT, () -> open(o -> o.placement(TokenPlacement.NONE)));
        }

        @Test
        void anExpiredTokenIsRejected() {
            expectRejected(TestTokens.builder(SECRET).expiresAt(Instant.now().minusSeconds(60)).build());
        }

        @Test
        void aTokenSignedWithAnotherSecretIsRejected() {
            expectRejected(TestTokens.builder("another-secret-that-is-long-enough-for-hs256").build());
        }

        @Test
        void anUnsecuredTokenIsRejected() {
            expectRejected(TestTokens.builder(SECRET).algorithm("none").build());
        }

        @Test
        void anHs512TokenIsRejected() {
            expectRejected(TestTokens.builder(SECRET).algorithm("HS512").build());
        }

        @Test
        void aRefreshTokenIsRejected() {
            expectRejected(TestTokens.builder(SECRET).type("refresh").build());
        }

        @Test
        void aTokenWithoutSubjectIsRejected() {
            expectRejected(TestTokens.builder(SECRET).omitSubject().build());
        }

        @Test
        void aTokenNotYetValidIsRejected() {
            expectRejected(TestTokens.builder(SECRET).notBefore(Instant.now().plusSeconds(120)).build());
        }

        @Test
        void aTokenWithinTheClockSkewIsAccepted() {
            String token = TestTokens.builder(SECRET).subject("u-skew").notBefore(Instant.now().plusSeconds(2)).build();
            try (AgentSocket socket = open(o -> o.token(token))) {
                assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("u-skew");
            }
        }

        @Test
        void theLaterStagingModeRejectsWithAnErrorFrameAndClose1008() {
            try (MockStagingServer strict = MockStagingServer.builder().authMode(AuthMode.CLOSE_1008).start();
                 AgentSocket socket = AgentSocket.connect(SocketOptions.builder(strict.webSocketUri())
                         .token(TestTokens.builder(SECRET).type("refresh").build()).build(), TIMEOUT)) {

                Outcome outcome = expectOutcome(Outcome.AuthRejected.class, TIMEOUT, () -> socket.awaitWelcome(TIMEOUT));

                assertThat(((Outcome.AuthRejected) outcome).how()).isEqualTo("close-1008");
                assertThat(socket.awaitClose(TIMEOUT)).isEqualTo(new CloseInfo(1008, "Authentication failed"));
            }
        }

        @Test
        void permissiveModeAdmitsARequestWithoutToken() {
            try (MockStagingServer relaxed = MockStagingServer.builder().authMode(AuthMode.PERMISSIVE).start();
                 AgentSocket socket = AgentSocket.connect(SocketOptions.builder(relaxed.webSocketUri())
                         .placement(TokenPlacement.NONE).build(), TIMEOUT)) {
                assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).startsWith("relaxed_");
            }
        }

        @Test
        void aServerCheckingTheIssuerRejectsATokenWithoutOne() {
            try (MockStagingServer checking = MockStagingServer.builder().issuer(TestTokens.STAGING_ISSUER).start()) {
                SocketOptions.Builder options = SocketOptions.builder(checking.webSocketUri());

                expectOutcome(Outcome.AuthRejected.class, TIMEOUT, () -> AgentSocket.connect(
                        options.token(TestTokens.builder(SECRET).issuer(null).build()).build(), TIMEOUT));
                try (AgentSocket socket = AgentSocket.connect(
                        options.token(TestTokens.mint(SECRET, "u-iss")).build(), TIMEOUT)) {
                    assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("u-iss");
                }
            }
        }
    }

    @Nested
    class Replies {

        @Test
        void aPingGetsAPongForTheSameUser() {
            try (AgentSocket socket = open(o -> o.token(token("u-ping")))) {
                socket.awaitWelcome(TIMEOUT);
                socket.send(Map.of("type", "ping"));

                Frame pong = socket.awaitType("pong", TIMEOUT);

                assertThat(pong.text("user_id")).isEqualTo("u-ping");
                assertThat(pong.node().path("timestamp").isNumber()).isTrue();
            }
        }

        @Test
        void aHeartbeatGetsAnAck() {
            try (AgentSocket socket = open(o -> o.token(token("u-hb")))) {
                socket.awaitWelcome(TIMEOUT);
                socket.sendText("{\"type\":\"heartbeat\"}");

                assertThat(socket.next(TIMEOUT).type()).isEqualTo("heartbeat_ack");
            }
        }

        @Test
        void anUnknownTypeIsAcknowledged() {
            try (AgentSocket socket = open(o -> o.token(token("u-ack")))) {
                socket.awaitWelcome(TIMEOUT);
                socket.send(Map.of("type", "telemetry"));

                Frame ack = socket.awaitType("ack", TIMEOUT);

                assertThat(ack.text("received_type")).isEqualTo("telemetry");
                assertThat(ack.text("status")).isEqualTo("acknowledged");
            }
        }

        @Test
        void invalidJsonGetsAnErrorAndTheSocketStaysOpen() {
            try (AgentSocket socket = open(o -> o.token(token("u-json")))) {
                socket.awaitWelcome(TIMEOUT);
                socket.sendText("{not json");

                assertThat(socket.awaitType("error_message", TIMEOUT).text("error_code")).isEqualTo("JSON_PARSE_ERROR");
                socket.sendText("[1,2]");
                assertThat(socket.awaitType("error_message", TIMEOUT).text("error_code")).isEqualTo("INVALID_MESSAGE");
                socket.send(Map.of("type", "ping"));
                assertThat(socket.awaitType("pong", TIMEOUT)).isNotNull();
                assertThat(socket.isOpen()).isTrue();
            }
        }

        @Test
        void framesSkippedWhileAwaitingATypeAreKeptInOrder() {
            try (AgentSocket socket = open(o -> o.token(token("u-order")))) {
                socket.awaitWelcome(TIMEOUT);
                socket.send(Map.of("type", "heartbeat"));
                socket.send(Map.of("type", "telemetry"));
                socket.send(Map.of("type", "ping"));

                assertThat(socket.awaitType("pong", TIMEOUT)).isNotNull();
                assertThat(socket.next(TIMEOUT).type()).isEqualTo("heartbeat_ack");
                assertThat(socket.next(TIMEOUT).type()).isEqualTo("ack");
                assertThat(socket.received()).extracting(Frame::type)
                        .containsExactly("system_message", "heartbeat_ack", "ack", "pong");
            }
        }

        @Test
        void nothingFromTheServerIsAnEventTimeoutWithinItsTimeout() {
            try (AgentSocket socket = open(o -> o.token(token("u-quiet")))) {
                socket.awaitWelcome(TIMEOUT);

                Outcome.EventTimeout outcome = (Outcome.EventTimeout) expectOutcome(Outcome.EventTimeout.class, SHORT,
                        () -> socket.awaitType("pong", SHORT));

                assertThat(outcome.lastEvent()).isEqualTo("system_message");
            }
        }

        @Test
        void anIdleClientGetsTheServersHeartbeat() {
            WebSocketSettings fast = WebSocketSettings.builder().heartbeatInterval(Duration.ofMillis(200)).build();
            try (MockStagingServer idle = MockStagingServer.builder().settings(fast).start();
                 AgentSocket socket = AgentSocket.connect(SocketOptions.builder(idle.webSocketUri())
                         .token(idle.mintToken("u-idle")).build(), TIMEOUT)) {
                socket.awaitWelcome(TIMEOUT);

                assertThat(socket.awaitType("heartbeat", TIMEOUT).node().path("data").has("connection_id")).isTrue();
            }
        }
    }

    @Nested
    class Closes {

        @Test
        void aBinaryFrameIsClosedWith1003() {
            try (AgentSocket socket = open(o -> o.token(token("u-bin")))) {
                socket.awaitWelcome(TIMEOUT);
                socket.sendBinary(new byte[] {1, 2, 3});

                Outcome.ConnectionClosed outcome = (Outcome.ConnectionClosed) expectOutcome(
                        Outcome.ConnectionClosed.class, TIMEOUT, () -> socket.next(TIMEOUT));

                assertThat(outcome.code()).isEqualTo(1003);
                assertThat(outcome.reason()).isEqualTo("Unsupported data");
            }
        }

        @Test
        void aFrameOverTheLimitIsClosedWith1009() {
            WebSocketSettings small = WebSocketSettings.builder().maxMessageSize(1024).build();
            try (MockStagingServer strict = MockStagingServer.builder().settings(small).start();
                 AgentSocket socket = AgentSocket.connect(SocketOptions.builder(strict.webSocketUri())
                         .token(strict.mintToken("u-big")).build(), TIMEOUT)) {
                socket.awaitWelcome(TIMEOUT);
                socket.send(Map.of("type", "ping", "padding", "x".repeat(2000)));

                assertThat(socket.awaitClose(TIMEOUT).code()).isEqualTo(1009);
            }
        }

        @Test
        void oneSocketTooManyIsUpgradedThenClosedWith1008WithoutWelcome() {
            try (MockStagingServer limited = MockStagingServer.builder().maxSocketsPerUser(1).start();
                 AgentSocket first = AgentSocket.connect(SocketOptions.builder(limited.webSocketUri())
                         .token(limited.mintToken("u-many")).build(), TIMEOUT);
                 AgentSocket second = AgentSocket.connect(SocketOptions.builder(limited.webSocketUri())
                         .token(limited.mintToken("u-many")).build(), TIMEOUT)) {
                first.awaitWelcome(TIMEOUT);

                Outcome.ConnectionClosed outcome = (Outcome.ConnectionClosed) expectOutcome(
                        Outcome.ConnectionClosed.class, TIMEOUT, () -> second.awaitWelcome(TIMEOUT));

                assertThat(outcome.code()).isEqualTo(1008);
                assertThat(outcome.reason()).isEqualTo("Too many concurrent connections");
            }
        }

        @Test
        void aStoppingServerClosesWith1001() {
            MockStagingServer stopping = MockStagingServer.builder().start();
            try (AgentSocket socket = AgentSocket.connect(SocketOptions.builder(stopping.webSocketUri())
                    .token(stopping.mintToken("u-stop")).build(), TIMEOUT)) {
                socket.awaitWelcome(TIMEOUT);
                stopping.close();

                Outcome.ConnectionClosed outcome = (Outcome.ConnectionClosed) expectOutcome(
                        Outcome.ConnectionClosed.class, TIMEOUT, () -> socket.next(TIMEOUT));

                assertThat(outcome.code()).isEqualTo(1001);
                expectOutcome(Outcome.ConnectionClosed.class, SHORT, () -> socket.send(Map.of("type", "ping")));
            }
        }

        @Test
        void closingTheClientIsSeenByTheServer() {
            AgentSocket socket = open(o -> o.token(token("u-bye")));
            socket.awaitWelcome(TIMEOUT);
            assertThat(server.openSockets("u-bye")).isEqualTo(1);

            socket.close();
            socket.close();

            assertThat(socket.isOpen()).isFalse();
            org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> server.openSockets("u-bye") == 0);
        }
    }
}
