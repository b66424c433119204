package dev.understudy.mock;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTP faults that meet on one request compose: delays add up, then the first terminal answer is given. */
@Timeout(30)
class HttpFaultCompositionTest {

    MockStagingServer server;

    @BeforeEach
    void start() {
        server = MockStagingServer.builder().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDelayAndAStatusGiveTheStatusAfterTheDelay() throws Exception {
        server.inject(Fault.delay(Duration.ofMillis(300)), Scope.paths("/health"));
        server.inject(Fault.status(503), Scope.paths("/health"));
        long start = System.nanoTime();
        Http.Reply reply = Http.get(server.httpUri(), "/health");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("detail").asText()).isEqualTo("Service Unavailable");
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    }

    @Test
    void twoDelaysAddUpBeforeTheNormalAnswer() throws Exception {
        server.inject(Fault.delay(Duration.ofMillis(200)), Scope.paths("/health"));
        server.inject(Fault.delay(Duration.ofMillis(200)), Scope.paths("/health"));
        long start = System.nanoTime();
        Http.Reply reply = Http.get(server.httpUri(), "/health");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(reply.status()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void theFirstTerminalAnswerWins() throws Exception {
        server.inject(Fault.status(502), Scope.paths("/health"));
        server.inject(Fault.status(503), Scope.paths("/health"));
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(502);
    }

    @Test
    void aStatusAddedBeforeTheDelayStillWaitsForIt() throws Exception {
        server.inject(Fault.status(503), Scope.paths("/api/health"));
        server.inject(Fault.delay(Duration.ofMillis(300)), Scope.paths("/api/health"));
        long start = System.nanoTime();
        Http.Reply reply = Http.get(server.httpUri(), "/api/health");
        assertThat(reply.status()).isEqualTo(503);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aMissingConfigComesAfterTheDelayWhicheverWasAddedFirst() throws Exception {
        server.injectPreset("missing-config");
        server.inject(Fault.delay(Duration.ofMillis(300)));
        long start = System.nanoTime();
        Http.Reply reply = Http.get(server.httpUri(), "/api/health");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("config")).isFalse();
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aHangAddedBeforeAStatusHangs() throws Exception {
        server.inject(Fault.hang(), Scope.paths("/health"));
        server.inject(Fault.status(503), Scope.paths("/health"));
        try (Socket socket = raw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 400)) {
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aStatusAddedBeforeAHangAnswers() throws Exception {
        server.inject(Fault.status(503), Scope.paths("/health"));
        server.inject(Fault.hang(), Scope.paths("/health"));
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(503);
    }

    @Test
    void aDelayWithAHangNeverAnswers() throws Exception {
        server.inject(Fault.delay(Duration.ofMillis(100)), Scope.paths("/health"));
        server.inject(Fault.hang(), Scope.paths("/health"));
        try (Socket socket = raw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 500)) {
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aDelayWithCloseConnectionClosesAfterTheDelay() throws Exception {
        server.inject(Fault.delay(Duration.ofMillis(300)), Scope.paths("/health"));
        server.inject(Fault.closeConnection(), Scope.paths("/health"));
        long start = System.nanoTime();
        try (Socket socket = raw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 3000)) {
            assertThat(readAll(socket.getInputStream())).isEmpty();
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aDelayAndAStatusOnTheUpgradeGiveTheStatusInsteadOfThe101AfterTheDelay() throws Exception {
        server.inject(Fault.delay(Duration.ofMillis(300)), Scope.webSocket());
        server.inject(Fault.status(503), Scope.webSocket());
        long start = System.nanoTime();
        try (Socket socket = raw("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + server.mintToken("u1") + "\r\n\r\n", 3000)) {
            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 503");
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    private Socket raw(String request, int readTimeoutMs) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(readTimeoutMs);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** What the server sent until it closed, or until the read timeout (then what came so far). */
    private static String readAll(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                if (out.length() > 64 * 1024) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // what came so far
        } catch (IOException e) {
            // a reset: nothing more came
        }
        return out.toString();
    }

    @Test
    void noConfigStillAppliesUnderADelay() throws Exception {
        server.inject(Fault.noHealthConfig(), Scope.paths("/health"));
        server.inject(Fault.delay(Duration.ofMillis(100)), Scope.paths("/health"));
        Http.Reply reply = Http.get(server.httpUri(), "/health");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("config")).isFalse();
        assertThat(reply.json().get("status").asText()).isEqualTo("healthy");
    }
}
