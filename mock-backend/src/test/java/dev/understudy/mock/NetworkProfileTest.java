package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.internal.net.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The network profile over real sockets: latency on answers and the 101, composition with faults, frames, the admin API. */
@Timeout(30)
class NetworkProfileTest {

    static final Duration LATENCY = Duration.ofMillis(150);

    static MockStagingServer fixed(Duration latency) {
        return MockStagingServer.builder().networkProfile(NetworkProfile.latency(latency).build()).start();
    }

    static long millisOf(ThrowingRunnable r) throws Exception {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void everyHttpAnswerWaitsForTheLatency() throws Exception {
        try (MockStagingServer server = fixed(LATENCY)) {
            for (String path : new String[]{"/health", "/api/health", "/ws/config", "/no-such-path"}) {
                long ms = millisOf(() -> Http.get(server.httpUri(), path));
                assertThat(ms).as(path).isGreaterThanOrEqualTo(LATENCY.toMillis());
            }
        }
    }

    @Test
    void withoutAProfileAnswersDoNotWait() throws Exception {
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            Http.get(server.httpUri(), "/health"); // warm the connection and the JIT a little
            assertThat(millisOf(() -> Http.get(server.httpUri(), "/health"))).isLessThan(LATENCY.toMillis());
            assertThat(server.networkProfile()).isNull();
        }
    }

    @Test
    void theLatencyAddsToADelayAndAStatusAnswersAfterBoth() throws Exception {
        try (MockStagingServer server = fixed(LATENCY)) {
            server.inject(Fault.delay(Duration.ofMillis(200)), Scope.paths("/health"));
            server.inject(Fault.status(503), Scope.paths("/health"));
            long[] status = new long[1];
            long ms = millisOf(() -> status[0] = Http.get(server.httpUri(), "/health").status());
            assertThat(status[0]).isEqualTo(503);
            assertThat(ms).isGreaterThanOrEqualTo(LATENCY.toMillis() + 200);
        }
    }

    @Test
    void theLatencyWithAPresetMissingConfigGivesTheMissingConfigLate() throws Exception {
        try (MockStagingServer server = fixed(LATENCY)) {
            server.injectPreset("missing-config");
            Http.Reply[] reply = new Http.Reply[1];
            long ms = millisOf(() -> reply[0] = Http.get(server.httpUri(), "/api/health"));
            assertThat(reply[0].status()).isEqualTo(200);
            assertThat(reply[0].json().has("config")).isFalse();
            assertThat(ms).isGreaterThanOrEqualTo(LATENCY.toMillis());
        }
    }

    @Test
    void theLatencyWithAHangStillHangs() throws Exception {
        try (MockStagingServer server = fixed(Duration.ofMillis(50))) {
            server.inject(Fault.hang(), Scope.paths("/health"));
            try (Socket socket = raw(server, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 400)) {
                assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            }
        }
    }

    @Test
    void theUpgradesOneOhOneWaitsForTheLatencyAndFramesDoNotByDefault() throws Exception {
        try (MockStagingServer server = fixed(LATENCY)) {
            long start = System.nanoTime();
            try (Socket socket = raw(server, upgrade(server), 3000)) {
                InputStream in = socket.getInputStream();
                String head = readHead(in);
                long headMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(head).startsWith("HTTP/1.1 101");
                assertThat(headMs).isGreaterThanOrEqualTo(LATENCY.toMillis());
                long before = System.nanoTime();
                assertThat(in.read()).as("the welcome frame's first byte").isEqualTo(0x81);
                assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(LATENCY.toMillis());
            }
        }
    }

    @Test
    void withFramesEachServerFrameWaitsAndARunKeepsItsOrder() throws Exception {
        NetworkProfile profile = NetworkProfile.latency(Duration.ofMillis(30), Duration.ofMillis(90)).seed(7).frames(true).build();
        try (MockStagingServer server = MockStagingServer.builder().networkProfile(profile).start();
             WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("paced"))) {
            long t0 = System.nanoTime();
            probe.next();
            probe.sendJson(Map.of("type", "user_message", "payload", Map.of("content", "q")));
            List<JsonNode> frames = probe.until("agent_completed", "agent_error");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(frames.stream().map(f -> f.get("type").asText()).toList()).containsExactly("agent_started",
                    "agent_thinking", "tool_executing", "tool_completed", "agent_completed");
            assertThat(ms).as("five frames, each at least 30 ms late").isGreaterThanOrEqualTo(5 * 30);
        }
    }

    @Test
    void aFrameBandwidthPacesFramesBySize() throws Exception {
        NetworkProfile profile = NetworkProfile.builder().frameBandwidth(2_000).build();
        try (MockStagingServer server = MockStagingServer.builder().networkProfile(profile).start();
             Socket socket = raw(server, upgrade(server), 5000)) {
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            long before = System.nanoTime();
            assertThat(in.read()).isEqualTo(0x81);
            int len = in.read() & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            }
            long ms = (System.nanoTime() - before) / 1_000_000;
            assertThat(ms).as("a %d-byte welcome at 2000 B/s", len).isGreaterThanOrEqualTo(len * 1000L / 2_000 - 5);
        }
    }

    @Test
    void aSeedDrawsTheSameLatenciesAndTheRangeIsKept() {
        NetworkProfile p = NetworkProfile.latency(Duration.ofMillis(100), Duration.ofMillis(200)).seed(42).build();
        Network a = new Network(p);
        Network b = new Network(p);
        List<Long> drawsA = new ArrayList<>();
        List<Long> drawsB = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            drawsA.add(a.current().latencyMs());
            drawsB.add(b.current().latencyMs());
        }
        assertThat(drawsA).isEqualTo(drawsB);
        assertThat(drawsA).allSatisfy(ms -> assertThat(ms).isBetween(100L, 200L));
        assertThat(new HashSet<>(drawsA)).as("a jitter, not one value").hasSizeGreaterThan(20);
    }

    @Test
    void theLatencyFlagSyntaxAndItsErrors() {
        assertThat(NetworkProfile.parseLatency("120ms").build().maxLatency()).isEqualTo(Duration.ofMillis(120));
        NetworkProfile range = NetworkProfile.parseLatency("80ms..200ms").build();
        assertThat(range.minLatency()).isEqualTo(Duration.ofMillis(80));
        assertThat(range.maxLatency()).isEqualTo(Duration.ofMillis(200));
        assertThat(NetworkProfile.parseLatency("1s").build().minLatency()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> NetworkProfile.parseLatency("fast")).hasMessageContaining("80ms..200ms").hasMessageContaining("'fast'");
        assertThatThrownBy(() -> NetworkProfile.parseLatency("200ms..80ms")).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> NetworkProfile.fromJson("{\"latency\":\"1ms\",\"speed\":1}", "body")).hasMessageContaining("speed: unknown field");
        assertThat(NetworkProfile.fromJson("{\"latency\":\"100ms..200ms\",\"seed\":3,\"frames\":true,\"frame_bandwidth\":10}", "b"))
                .isEqualTo(NetworkProfile.latency(Duration.ofMillis(100), Duration.ofMillis(200)).seed(3).frames(true).frameBandwidth(10).build());
    }

    @Test
    void theAdminApiReadsSetsAndTurnsOffTheProfile() throws Exception {
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            URI admin = server.adminUri();
            assertThat(Http.get(admin, "/network").json().get("active").asBoolean()).isFalse();

            Http.Reply put = Http.send(HttpRequest.newBuilder(admin.resolve("/network"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"latency\":\"150ms\",\"seed\":1}")));
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.json().get("latency").asText()).isEqualTo("150ms");
            assertThat(server.networkProfile()).isEqualTo(NetworkProfile.latency(LATENCY).seed(1).build());
            assertThat(millisOf(() -> Http.get(server.httpUri(), "/health"))).isGreaterThanOrEqualTo(LATENCY.toMillis());

            Http.Reply bad = Http.send(HttpRequest.newBuilder(admin.resolve("/network"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"latency\":\"soon\"}")));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("detail").asText()).contains("latency:");

            assertThat(Http.send(HttpRequest.newBuilder(admin.resolve("/network")).DELETE()).status()).isEqualTo(204);
            assertThat(server.networkProfile()).isNull();
            assertThat(Http.get(admin, "/network").json().get("active").asBoolean()).isFalse();
        }
    }

    private static String upgrade(MockStagingServer server) {
        return "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + server.mintToken("raw") + "\r\n\r\n";
    }

    private static Socket raw(MockStagingServer server, String request, int readTimeoutMs) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(readTimeoutMs);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** The response head, up to and including the blank line (bounded). */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 16_384 && !head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
