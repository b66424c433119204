package dev.understudy.client;

import dev.understudy.fixtures.Fixtures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static dev.understudy.client.Outcomes.expectOutcome;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How each wire behaviour is named, on real loopback sockets against {@link ScriptedPeer}s that misbehave on purpose.
 * The same outcomes against the mock's injected faults are in the mock tests.
 */
@Timeout(20)
class WireOutcomesTest {

    private static final Duration SHORT = Duration.ofMillis(200);
    private static final String TOKEN = TestTokens.mint(Fixtures.testSecret(), "alice");

    private static SocketOptions socket(URI ws) {
        return SocketOptions.builder(ws).token(TOKEN).build();
    }

    private static URI closedPort(String scheme, String path) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return URI.create(scheme + "://127.0.0.1:" + port + path);
    }

    @Nested
    class BeforeAnyAnswer {

        @Test
        void aRefusedHttpConnectionIsReportedWithinTimeout() throws IOException {
            BackendHttpClient health = BackendHttpClient.builder(closedPort("http", "")).build();

            Outcome outcome = expectOutcome(Outcome.ConnectionRefused.class, SHORT, () -> health.health(SHORT));

            assertThat(outcome.lastSeen()).contains("ConnectException");
        }

        @Test
        void aRefusedWebSocketConnectionIsReportedWithinTimeout() throws IOException {
            URI ws = closedPort("ws", "/ws");

            expectOutcome(Outcome.ConnectionRefused.class, SHORT, () -> AgentSocket.connect(socket(ws), SHORT));
        }

        @Test
        void aSilentServerIsAHandshakeTimeoutForHttp() throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> ScriptedPeer.hold(s))) {
                BackendHttpClient health = BackendHttpClient.builder(peer.http()).build();

                expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> health.health(SHORT));
            }
        }

        @Test
        void aSilentServerIsAHandshakeTimeoutForTheUpgrade() throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> ScriptedPeer.hold(s))) {
                expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> AgentSocket.connect(socket(peer.ws()), SHORT));
            }
        }

        @Test
        void aServerThatHangsUpBeforeAnsweringIsADroppedHttpConnection() throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> s.close())) {
                BackendHttpClient health = BackendHttpClient.builder(peer.http()).build();

                expectOutcome(Outcome.ConnectionDropped.class, SHORT, () -> health.health(SHORT));
            }
        }

        @Test
        void aServerThatHangsUpBeforeAnsweringTheUpgradeIsADroppedConnection() throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> s.close())) {
                expectOutcome(Outcome.ConnectionDropped.class, SHORT,
                        () -> AgentSocket.connect(socket(peer.ws()), SHORT));
            }
        }
    }

    /**
     * A listening socket whose accept queue is full: Linux then drops further SYNs, so a TCP connect to it never
     * completes, which is how an unreachable host looks. Skipped where the OS behaves otherwise.
     */
    @Nested
    class UnfinishedTcpConnect {

        private final java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
        private ServerSocket server;

        private URI fullBacklog(String scheme, String path) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            boolean full = false;
            for (int i = 0; i < 20 && !full; i++) {
                java.net.Socket filler = new java.net.Socket();
                fillers.add(filler);
                try {
                    filler.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(),
                            server.getLocalPort()), 100);
                } catch (java.net.SocketTimeoutException e) {
                    full = true;
                }
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(full, "this OS accepts connections beyond the backlog");
            return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort() + path);
        }

        @org.junit.jupiter.api.AfterEach
        void closeSockets() throws IOException {
            for (java.net.Socket filler : fillers) {
                filler.close();
            }
            if (server != null) {
                server.close();
            }
        }

        @Test
        void anHttpConnectThatNeverCompletesIsAConnectTimeout() throws IOException {
            BackendHttpClient health = BackendHttpClient.builder(fullBacklog("http", "")).build();

            expectOutcome(Outcome.ConnectTimeout.class, SHORT, () -> health.health(SHORT));
        }

        @Test
        void aWebSocketConnectThatNeverCompletesIsAHandshakeTimeoutBecauseUndertowCannotTellThem() throws IOException {
            URI ws = fullBacklog("ws", "/ws");

            expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> AgentSocket.connect(socket(ws), SHORT));
        }
    }

    @Nested
    class UpgradeStatus {

        private Outcome upgradeAnswered(int status, Class<? extends Outcome> expected) throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) ->
                    ScriptedPeer.answer(s, status, "{\"detail\":\"status " + status + "\"}"))) {
                return expectOutcome(expected, SHORT, () -> AgentSocket.connect(socket(peer.ws()), SHORT));
            }
        }

        @Test
        void a403IsAuthRejectedBeforeTheUpgrade() throws IOException {
            Outcome.AuthRejected outcome = (Outcome.AuthRejected) upgradeAnswered(403, Outcome.AuthRejected.class);

            assertThat(outcome.how()).isEqualTo("http-403");
        }

        @Test
        void a503IsServiceUnavailable() throws IOException {
            assertThat(((Outcome.ServiceUnavailable) upgradeAnswered(503, Outcome.ServiceUnavailable.class)).status())
                    .isEqualTo(503);
        }

        @Test
        void a500IsAHandshakeRejectionWithItsStatus() throws IOException {
            Outcome.HandshakeRejected outcome =
                    (Outcome.HandshakeRejected) upgradeAnswered(500, Outcome.HandshakeRejected.class);

            assertThat(outcome.status()).isEqualTo(500);
            assertThat(outcome.body()).as("Undertow never reads the body of a refused upgrade").isEmpty();
        }

        @Test
        void a404IsAHandshakeRejectionWithItsStatus() throws IOException {
            assertThat(((Outcome.HandshakeRejected) upgradeAnswered(404, Outcome.HandshakeRejected.class)).status())
                    .isEqualTo(404);
        }

        @Test
        void a401IsAHandshakeRejectionNotAnAuthRejection() throws IOException {
            assertThat(((Outcome.HandshakeRejected) upgradeAnswered(401, Outcome.HandshakeRejected.class)).status())
                    .isEqualTo(401);
        }

        @Test
        void a101WithAWrongAcceptKeyIsAProtocolViolation() throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> {
                ScriptedPeer.upgradeWithAccept(s, "d3JvbmcgYWNjZXB0IGtleQ==", null);
                ScriptedPeer.hold(s);
            })) {
                expectOutcome(Outcome.ProtocolViolation.class, SHORT, () -> AgentSocket.connect(socket(peer.ws()), SHORT));
            }
        }

        @Test
        void a101ChoosingASubprotocolNotOfferedIsAProtocolViolation() throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> {
                ScriptedPeer.upgrade(s, head, "graphql-ws");
                ScriptedPeer.hold(s);
            })) {
                Outcome outcome = expectOutcome(Outcome.ProtocolViolation.class, SHORT,
                        () -> AgentSocket.connect(socket(peer.ws()), SHORT));

                assertThat(outcome.lastSeen()).contains("graphql-ws");
            }
        }
    }

    @Nested
    class AfterTheUpgrade {

        private ScriptedPeer upgradedThen(ScriptedPeer.Script then) throws IOException {
            return ScriptedPeer.start((s, head) -> {
                ScriptedPeer.upgrade(s, head, "jwt-auth");
                then.run(s, head);
            });
        }

        @Test
        void noFrameAfterTheUpgradeIsAWelcomeTimeout() throws IOException {
            try (ScriptedPeer peer = upgradedThen((s, head) -> ScriptedPeer.hold(s));
                 AgentSocket socket = AgentSocket.connect(socket(peer.ws()), Duration.ofSeconds(2))) {

                expectOutcome(Outcome.WelcomeTimeout.class, SHORT, () -> socket.awaitWelcome(SHORT));
                assertThat(socket.negotiatedSubprotocol()).contains("jwt-auth");
            }
        }

        @Test
        void aTcpDropAfterTheUpgradeIsConnectionDropped() throws IOException {
            try (ScriptedPeer peer = upgradedThen((s, head) -> s.close());
                 AgentSocket socket = AgentSocket.connect(socket(peer.ws()), Duration.ofSeconds(2))) {

                expectOutcome(Outcome.ConnectionDropped.class, SHORT, () -> socket.awaitWelcome(SHORT));
                assertThat(socket.awaitClose(SHORT).code()).isEqualTo(1006);
            }
        }

        @Test
        void aCloseFrameIsConnectionClosedWithItsCodeAndReason() throws IOException {
            try (ScriptedPeer peer = upgradedThen((s, head) -> {
                ScriptedPeer.sendClose(s, 1008, "Too many concurrent connections");
                ScriptedPeer.hold(s);
            }); AgentSocket socket = AgentSocket.connect(socket(peer.ws()), Duration.ofSeconds(2))) {

                Outcome.ConnectionClosed outcome = (Outcome.ConnectionClosed) expectOutcome(
                        Outcome.ConnectionClosed.class, SHORT, () -> socket.awaitWelcome(SHORT));

                assertThat(outcome.code()).isEqualTo(1008);
                assertThat(outcome.reason()).isEqualTo("Too many concurrent connections");
            }
        }

        @Test
        void anAuthFailedFrameThen1008IsAuthRejectedByClose() throws IOException {
            try (ScriptedPeer peer = upgradedThen((s, head) -> {
                ScriptedPeer.sendText(s, "{\"type\":\"error_message\",\"error_code\":\"AUTH_FAILED\","
                        + "\"error_message\":\"Invalid token\",\"timestamp\":1.5}");
                ScriptedPeer.sendClose(s, 1008, "Authentication failed");
                ScriptedPeer.hold(s);
            }); AgentSocket socket = AgentSocket.connect(socket(peer.ws()), Duration.ofSeconds(2))) {

                Outcome.AuthRejected outcome = (Outcome.AuthRejected) expectOutcome(
                        Outcome.AuthRejected.class, SHORT, () -> socket.awaitWelcome(SHORT));

                assertThat(outcome.how()).isEqualTo("close-1008");
                assertThat(outcome.lastSeen()).contains("1008").contains("AUTH_FAILED");
            }
        }

        @Test
        void aFirstFrameThatIsNotAWelcomeIsAProtocolViolationNamingIt() throws IOException {
            try (ScriptedPeer peer = upgradedThen((s, head) -> {
                ScriptedPeer.sendText(s, "{\"type\":\"heartbeat\",\"timestamp\":1.0}");
                ScriptedPeer.hold(s);
            }); AgentSocket socket = AgentSocket.connect(socket(peer.ws()), Duration.ofSeconds(2))) {

                Outcome outcome = expectOutcome(Outcome.ProtocolViolation.class, SHORT, () -> socket.awaitWelcome(SHORT));

                assertThat(((Outcome.ProtocolViolation) outcome).what()).contains("'heartbeat'");
            }
        }

        @Test
        void framesThatCameBeforeTheCloseAreReadBeforeTheCloseIsReported() throws IOException {
            try (ScriptedPeer peer = upgradedThen((s, head) -> {
                ScriptedPeer.sendText(s, "{\"type\":\"connection_established\",\"data\":{\"user_id\":\"alice\"},"
                        + "\"timestamp\":1.0}");
                ScriptedPeer.sendText(s, "{\"type\":\"heartbeat\",\"timestamp\":2.0}");
                s.close();
            }); AgentSocket socket = AgentSocket.connect(socket(peer.ws()), Duration.ofSeconds(2))) {

                assertThat(socket.awaitWelcome(SHORT).type()).isEqualTo("connection_established");
                assertThat(socket.next(SHORT).type()).isEqualTo("heartbeat");
                expectOutcome(Outcome.ConnectionDropped.class, SHORT, () -> socket.next(SHORT));
                expectOutcome(Outcome.ConnectionDropped.class, SHORT, () -> socket.next(SHORT));
                assertThat(socket.userId()).isEqualTo("alice");
            }
        }

        @Test
        void aStalledRunIsAnEventTimeoutNamingTheLastEvent() throws IOException {
            try (ScriptedPeer peer = upgradedThen((s, head) -> {
                ScriptedPeer.sendText(s, "{\"type\":\"connection_established\",\"data\":{},\"timestamp\":1.0}");
                ScriptedPeer.sendText(s, "{\"type\":\"agent_started\",\"timestamp\":2.0}");
                ScriptedPeer.sendText(s, "{\"type\":\"agent_thinking\",\"timestamp\":3.0}");
                ScriptedPeer.hold(s);
            }); AgentSocket socket = AgentSocket.connect(socket(peer.ws()), Duration.ofSeconds(2))) {
                socket.awaitWelcome(SHORT);

                Outcome.EventTimeout outcome = (Outcome.EventTimeout) expectOutcome(Outcome.EventTimeout.class, SHORT,
                        () -> socket.collectRun(SHORT, Duration.ofSeconds(5)));

                assertThat(outcome.lastEvent()).isEqualTo("agent_thinking");
                assertThat(outcome.gap()).isGreaterThanOrEqualTo(SHORT);
            }
        }
    }

    @Nested
    class TokenPlacementOnTheWire {

        private String requestFor(SocketOptions.Builder options) throws Exception {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> {
                ScriptedPeer.answer(s, 403, "{}");
            })) {
                try {
                    AgentSocket.connect(options.uri(peer.ws()).build(), SHORT).close();
                } catch (OutcomeException expected) {
                    // the peer refuses every upgrade; only the request matters here
                }
                return peer.requests().take();
            }
        }

        @Test
        void theDefaultPlacementSendsSubprotocolsAndTheHeader() throws Exception {
            String head = requestFor(SocketOptions.builder(URI.create("ws://x/ws")).token(TOKEN));

            assertThat(ScriptedPeer.header(head, "Sec-WebSocket-Protocol").split(",\\s*"))
                    .containsExactly("jwt-auth", SocketOptions.jwtSubprotocol(TOKEN));
            assertThat(ScriptedPeer.header(head, "Authorization")).isEqualTo("Bearer " + TOKEN);
        }

        @Test
        void queryOnlySendsTheTokenInTheUrlAndNothingElse() throws Exception {
            String head = requestFor(SocketOptions.builder(URI.create("ws://x/ws")).token(TOKEN)
                    .placement(TokenPlacement.QUERY_ONLY));

            assertThat(ScriptedPeer.requestLine(head)).startsWith("GET /ws?token=" + TOKEN + " ");
            assertThat(ScriptedPeer.header(head, "Authorization")).isNull();
            assertThat(ScriptedPeer.header(head, "Sec-WebSocket-Protocol")).isNull();
        }

        @Test
        void extraHeadersAndExplicitSubprotocolsAreSent() throws Exception {
            String head = requestFor(SocketOptions.builder(URI.create("ws://x/ws")).token(TOKEN)
                    .placement(TokenPlacement.NONE).subprotocols(SocketOptions.bearerSubprotocol(TOKEN))
                    .header("X-Request-Id", "r-1"));

            assertThat(ScriptedPeer.header(head, "Sec-WebSocket-Protocol")).isEqualTo("bearer." + TOKEN);
            assertThat(ScriptedPeer.header(head, "X-Request-Id")).isEqualTo("r-1");
            assertThat(ScriptedPeer.header(head, "Authorization")).isNull();
        }
    }

    @Nested
    class TestAuth {

        @Test
        void aTokenComesFromTheAccessTokenField() throws Exception {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> ScriptedPeer.answer(s, 200,
                    "{\"access_token\":\"the.token.value\",\"token_type\":\"Bearer\",\"expires_in\":900}"))) {
                TokenSource source = TokenSource.testAuth(peer.http(), "bypass-key", java.util.Optional.empty());

                assertThat(source.tokenFor("alice@example.com", SHORT)).isEqualTo("the.token.value");
                String head = peer.requests().take();
                assertThat(ScriptedPeer.requestLine(head)).startsWith("POST /auth/e2e/test-auth ");
                assertThat(ScriptedPeer.header(head, "X-E2E-Bypass-Key")).isEqualTo("bypass-key");
                assertThat(source.tokenFor("alice@example.com", SHORT)).as("cached").isEqualTo("the.token.value");
                assertThat(peer.requests()).isEmpty();
            }
        }

        @Test
        void aWrongKeyIsAuthRejectedWithStatusAndBody() throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) ->
                    ScriptedPeer.answer(s, 401, "{\"detail\":\"Invalid E2E bypass key\"}"))) {
                TokenSource source = TokenSource.testAuth(peer.http(), "wrong", java.util.Optional.empty());

                Outcome outcome = expectOutcome(Outcome.AuthRejected.class, SHORT, () -> source.tokenFor("a@b.c", SHORT));

                assertThat(((Outcome.AuthRejected) outcome).how()).isEqualTo("test-auth-401");
                assertThat(outcome.lastSeen()).contains("401").contains("Invalid E2E bypass key");
            }
        }

        @Test
        void anUnconfiguredKeyIsServiceUnavailable() throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) ->
                    ScriptedPeer.answer(s, 503, "{\"detail\":\"E2E bypass key not configured\"}"))) {
                TokenSource source = TokenSource.testAuth(peer.http(), "k", java.util.Optional.empty());

                OutcomeException failure = Outcomes.expectFailure(SHORT, () -> source.tokenFor("a@b.c", SHORT));

                assertThat(failure.outcome()).isInstanceOf(Outcome.ServiceUnavailable.class);
                assertThat(failure.getMessage()).contains("E2E bypass key not configured").contains("access_token");
            }
        }

        @Test
        void anAnswerWithoutAccessTokenIsAProtocolViolation() throws IOException {
            try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> ScriptedPeer.answer(s, 200, "{\"token\":\"x\"}"))) {
                TokenSource source = TokenSource.testAuth(peer.http(), "k", java.util.Optional.empty());

                expectOutcome(Outcome.ProtocolViolation.class, SHORT, () -> source.tokenFor("a@b.c", SHORT));
            }
        }
    }

    @Test
    void anyHttpStatusIsAReplyNotAFailure() throws IOException {
        try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> ScriptedPeer.answer(s, 404, "{\"detail\":\"Not Found\"}"))) {
            HttpReply reply = BackendHttpClient.builder(peer.http()).build().health(SHORT);

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.json().path("detail").asText()).isEqualTo("Not Found");
            assertThat(reply.header("Content-Type")).contains("application/json");
        }
    }

    @Test
    void postSendsJsonAndHeaders() throws Exception {
        try (ScriptedPeer peer = ScriptedPeer.start((s, head) -> ScriptedPeer.answer(s, 200, "{}"))) {
            HttpReply reply = BackendHttpClient.builder(peer.http()).build()
                    .post("/auth/e2e/test-auth", Map.of("X-E2E-Bypass-Key", "k"), Map.of("email", "a@b.c"), SHORT);

            assertThat(reply.status()).isEqualTo(200);
            String head = peer.requests().take();
            assertThat(ScriptedPeer.header(head, "Content-Type")).isEqualTo("application/json");
            assertThat(ScriptedPeer.header(head, "X-E2E-Bypass-Key")).isEqualTo("k");
        }
    }
}
