package dev.understudy.mock.cli;

import dev.understudy.mock.MockStagingServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The standalone server talking to itself over loopback, with plain sockets: one {@code /health} and one
 * WebSocket upgrade up to the welcome. Run by {@code --self-test}, which the build uses to train the
 * class-data-sharing archive on the classes a first client really needs.
 */
final class SelfTest {

    private static final int TIMEOUT_MS = 10_000;
    private static final int MAX_BYTES = 64 * 1024;

    private SelfTest() {
    }

    static void run(MockStagingServer server, String token) throws IOException {
        String health = exchange(server.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "\"status\":\"healthy\"");
        if (!health.startsWith("HTTP/1.1 200")) {
            throw new IOException("expected 200 from /health, got " + firstLine(health));
        }
        String protocol = "jwt." + Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        String upgrade = exchange(server.port(), "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Protocol: jwt-auth, " + protocol + "\r\n\r\n", "connection_established");
        if (!upgrade.startsWith("HTTP/1.1 101")) {
            throw new IOException("expected 101 from /ws, got " + firstLine(upgrade));
        }
    }

    /** Sends a request and reads until {@code until} appears (or the connection ends, or 64 KB, or 10 s). */
    private static String exchange(int port, String request, String until) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (seen.indexOf(until) < 0 && seen.length() < MAX_BYTES) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            if (seen.indexOf(until) < 0) {
                throw new IOException("expected '" + until + "' in the answer, got " + firstLine(seen.toString()));
            }
            return seen.toString();
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\r');
        return end < 0 ? (text.isEmpty() ? "nothing" : text) : text.substring(0, end);
    }
}
