package dev.understudy.client;

import dev.understudy.fixtures.Fixtures;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;

import static dev.understudy.client.Outcomes.expectOutcome;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * https and wss against a self-signed server: the trust store the resolver loads must reach both the HTTP client and
 * the WebSocket. The server is a few lines of Undertow over a real TLS listener, since the mock serves plain HTTP.
 */
@Timeout(20)
class TlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static Undertow server;
    private static int port;

    @BeforeAll
    static void startTlsServer() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsTest.class.getResourceAsStream("/tls/server.p12")) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);

        server = Undertow.builder()
                .addHttpsListener(0, "127.0.0.1", tls)
                .setHandler(Handlers.path()
                        .addExactPath("/health", exchange -> {
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                            exchange.getResponseSender().send("{\"status\":\"healthy\"}");
                        })
                        .addExactPath("/ws", Handlers.websocket((exchange, channel) -> {
                            WebSockets.sendText("{\"type\":\"connection_established\",\"data\":{\"user_id\":\"tls\"},"
                                    + "\"timestamp\":1.0}", channel, null);
                            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                                @Override
                                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                                    WebSockets.sendText(message.getData(), ch, null);
                                }
                            });
                            channel.resumeReceives();
                        })))
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterAll
    static void stopTlsServer() {
        server.stop();
    }

    private static Target stagingWithTrustStore() throws URISyntaxException {
        Path trust = Path.of(TlsTest.class.getResource("/tls/trust.p12").toURI());
        return TargetResolver.resolve(Map.of(
                "CONTRACT_TARGET", "staging",
                "STAGING_BASE_URL", "https://127.0.0.1:" + port,
                "JWT_SECRET_KEY", Fixtures.testSecret(),
                "STAGING_TRUST_STORE", trust.toString()), Map.of()).staging().orElseThrow();
    }

    @Test
    void httpsWithTheTrustStoreReachesTheSelfSignedServer() throws Exception {
        HttpReply reply = stagingWithTrustStore().httpClient().health(TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("status").asText()).isEqualTo("healthy");
    }

    @Test
    void wssWithTheTrustStoreGetsTheWelcomeAndAnEcho() throws Exception {
        Target target = stagingWithTrustStore();
        assertThat(target.webSocketUri()).isEqualTo(URI.create("wss://127.0.0.1:" + port + "/ws"));

        try (AgentSocket socket = AgentSocket.connect(target, "alice@example.com", TIMEOUT)) {
            assertThat(socket.awaitWelcome(TIMEOUT).text("user_id")).isEqualTo("tls");
            socket.send(Map.of("type", "ping"));
            assertThat(socket.awaitType("ping", TIMEOUT).raw()).isEqualTo("{\"type\":\"ping\"}");
            assertThat(socket.tokenSubject()).contains("e2e-alice");
        }
    }

    @Test
    void httpsWithoutTheTrustStoreIsARejectedTlsHandshake() {
        BackendHttpClient health = BackendHttpClient.builder(URI.create("https://127.0.0.1:" + port)).build();

        Outcome outcome = expectOutcome(Outcome.HandshakeRejected.class, TIMEOUT, () -> health.health(TIMEOUT));

        assertThat(((Outcome.HandshakeRejected) outcome).status()).isZero();
        assertThat(outcome.lastSeen()).startsWith("TLS handshake failed");
    }

    @Test
    void wssWithoutTheTrustStoreIsARejectedTlsHandshake() {
        SocketOptions options = SocketOptions.builder(URI.create("wss://127.0.0.1:" + port + "/ws"))
                .token(TestTokens.mint(Fixtures.testSecret(), "alice")).build();

        Outcome outcome = expectOutcome(Outcome.HandshakeRejected.class, TIMEOUT,
                () -> AgentSocket.connect(options, TIMEOUT));

        assertThat(outcome.lastSeen()).startsWith("TLS handshake failed");
    }
}
