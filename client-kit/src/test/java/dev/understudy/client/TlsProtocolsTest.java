package dev.understudy.client;

import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.MockStagingServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Duration;

import static dev.understudy.client.Outcomes.expectOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * wss to the mock restricted to one TLS version: a staging that accepts only TLS 1.3 must work (Undertow's own TLS
 * conduit hung there), and one that accepts only TLS 1.2 must still work; the host name is still checked.
 */
@Timeout(30)
class TlsProtocolsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String SECRET = Fixtures.testSecret();
    private static SSLContext serverKeys;
    private static SSLContext trust;

    @BeforeAll
    static void loadKeys() throws Exception {
        KeyStore keys = load("/tls/server.p12");
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        serverKeys = SSLContext.getInstance("TLS");
        serverKeys.init(keyManagers.getKeyManagers(), null, null);

        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(load("/tls/trust.p12"));
        trust = SSLContext.getInstance("TLS");
        trust.init(null, trustManagers.getTrustManagers(), null);
    }

    private static KeyStore load(String resource) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsProtocolsTest.class.getResourceAsStream(resource)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    private static MockStagingServer tlsMock(String host, String... protocols) {
        return MockStagingServer.builder().secret(SECRET).host(host).tls(serverKeys).tlsProtocols(protocols).start();
    }

    private static Target target(MockStagingServer server) {
        return Target.mock(server.httpUri(), server.webSocketUri(), SECRET).withSslContext(trust);
    }

    /** Runs a whole agent run over wss and judges it. */
    private static void welcomeAndRun(Target target) {
        assertThat(target.webSocketUri().getScheme()).isEqualTo("wss");
        try (AgentSocket socket = AgentSocket.connect(target, "alice@example.com", TIMEOUT)) {
            assertThat(AgentSocket.isWelcome(socket.awaitWelcome(TIMEOUT))).isTrue();
            RunRequest request = socket.startRun("What did we spend on GCP last month?");
            AgentRun run = socket.collectRun(TIMEOUT, TIMEOUT);

            assertThat(run.completed()).isTrue();
            assertThat(StreamJudge.judge(run.frames(), socket.expectationFor(request).build())).isEmpty();
        }
    }

    /** What a JDK client that speaks only {@code protocol} gets from the server: the status, or the TLS failure. */
    private static Object httpsWithOnly(MockStagingServer server, String protocol) throws Exception {
        SSLParameters only = new SSLParameters();
        only.setProtocols(new String[]{protocol});
        HttpClient client = HttpClient.newBuilder().sslContext(trust).sslParameters(only)
                .connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUri() + "/health")).timeout(TIMEOUT).build();
        Throwable failure = catchThrowable(() -> client.send(request, HttpResponse.BodyHandlers.discarding()));
        if (failure == null) {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        return failure;
    }

    @Test
    void theKitGetsTheWelcomeAndARunFromAServerThatAcceptsOnlyTls13() throws Exception {
        try (MockStagingServer server = tlsMock("127.0.0.1", "TLSv1.3")) {
            assertThat(httpsWithOnly(server, "TLSv1.2")).as("the server must refuse TLS 1.2")
                    .isInstanceOf(SSLHandshakeException.class);

            welcomeAndRun(target(server));
            assertThat(target(server).httpClient().health(TIMEOUT).status()).isEqualTo(200);
        }
    }

    @Test
    void theKitStillWorksWithAServerThatAcceptsOnlyTls12() throws Exception {
        try (MockStagingServer server = tlsMock("127.0.0.1", "TLSv1.2")) {
            assertThat(httpsWithOnly(server, "TLSv1.3")).as("the server must refuse TLS 1.3")
                    .isInstanceOf(SSLHandshakeException.class);

            welcomeAndRun(target(server));
        }
    }

    @Test
    void aCertificateForAnotherHostIsARejectedTlsHandshake() {
        // the certificate names localhost and 127.0.0.1; 127.0.0.2 is loopback too, but not in it
        try (MockStagingServer server = tlsMock("127.0.0.2", "TLSv1.3")) {
            Outcome outcome = expectOutcome(Outcome.HandshakeRejected.class, TIMEOUT,
                    () -> AgentSocket.connect(target(server), "alice@example.com", TIMEOUT));

            assertThat(((Outcome.HandshakeRejected) outcome).status()).isZero();
            assertThat(outcome.lastSeen()).startsWith("TLS handshake failed").contains("127.0.0.2");
        }
    }

    @Test
    void anUntrustedCertificateOverTls13IsARejectedTlsHandshakeNotATimeout() {
        try (MockStagingServer server = tlsMock("127.0.0.1", "TLSv1.3")) {
            Target untrusted = target(server).withSslContext(null);

            Outcome outcome = expectOutcome(Outcome.HandshakeRejected.class, TIMEOUT,
                    () -> AgentSocket.connect(untrusted, "alice@example.com", TIMEOUT));

            assertThat(outcome.lastSeen()).startsWith("TLS handshake failed");
        }
    }
}
