package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.journal.ConnectionLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The seven defects of the hardening issue, each over real sockets: hung connections let go when their clients
 * leave, the message limit from the frame header, a 64-bit length with its top bit set, time claims that are not
 * NumericDates, frames that are not one JSON value, slow peers; and the bound on connections faults hold.
 */
@Timeout(60)
class HardeningTest {

    /** Descriptors a test may leave above where it started (a log file, a lazily opened jar). */
    static final int SLACK = 8;

    MockStagingServer server;

    MockStagingServer start(MockStagingServer.Builder b) {
        server = b.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static final byte[] UPGRADE_TAIL = ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    Socket raw() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    void sendUpgrade(Socket s, String path, String token) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(UPGRADE_TAIL);
        out.flush();
    }

    /** What the socket carries until {@code end} has come (the end of a JSON detail, say), or it ends. */
    static String readUntil(Socket s, String end) throws IOException {
        StringBuilder got = new StringBuilder();
        InputStream in = s.getInputStream();
        for (int i = 0; i < 65_536 && !got.toString().endsWith(end); i++) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            got.append((char) b);
        }
        return got.toString();
    }

    void awaitDescriptorsBackTo(int baseline) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(Descriptors.open()).as("open descriptors").isLessThanOrEqualTo(baseline + SLACK));
    }

    int held() throws Exception {
        return Http.get(server.adminUri(), "/").json().get("held_connections").asInt();
    }

    // ---- 1. hung connections are let go when their clients leave ----

    @Test
    void hungConnectionsAreReleasedWhenTheirClientsCloseOrResetThem() throws Exception {
        start(MockStagingServer.builder());
        String token = server.mintToken("hung");
        // warm every path once so that lazily opened files (jars, classes) are not counted as leaks
        try (WsProbe p = WsProbe.connect(server.webSocketUri(), token)) {
            p.next();
        }
        Http.get(server.httpUri(), "/health");
        int baseline = Descriptors.open();
        List<Supplier<FaultHandle>> faults = List.of(
                () -> server.inject(Fault.hang(), Scope.paths("/ws")),
                () -> server.inject(Fault.blackhole()),
                () -> server.inject(Fault.noWelcome()),
                () -> server.inject(Fault.stallAfter("agent_started")));
        for (Supplier<FaultHandle> fault : faults) {
            FaultHandle f = fault.get();
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Socket s = raw();
                sendUpgrade(s, "/ws", server.mintToken("hung-" + i)); // one user each: the per-user cap is 10
                sockets.add(s);
            }
            if (f.rule().fault() instanceof Fault.StallAfter) {
                for (Socket s : sockets) {
                    s.getOutputStream().write(maskedText("{\"type\":\"user_message\",\"content\":\"q\"}"));
                }
            }
            await().alias(f.rule().fault().kind() + " struck 30 times").atMost(Duration.ofSeconds(10))
                    .until(() -> f.rule().hits() >= 30);
            for (int i = 0; i < sockets.size(); i++) {
                if (i % 2 == 0) {
                    sockets.get(i).setSoLinger(true, 0); // RST
                }
                sockets.get(i).close();
            }
            // and clients that leave before the fault has struck (a listener added to a closed connection never runs)
            long before = f.rule().hits();
            for (int i = 0; i < 30; i++) {
                try (Socket s = raw()) {
                    sendUpgrade(s, "/ws", server.mintToken("gone-" + i));
                    if (i % 2 == 0) {
                        s.setSoLinger(true, 0);
                    }
                }
            }
            if (!(f.rule().fault() instanceof Fault.StallAfter)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> f.rule().hits() + server.journal().connections().size() > before);
            }
            f.close();
            awaitDescriptorsBackTo(baseline);
            await().alias("nothing held after " + f.rule().fault().kind()).atMost(Duration.ofSeconds(10))
                    .until(() -> held() == 0 && server.openSockets() == 0);
        }
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);
    }

    /** Live instances of a class in this JVM, from the JDK's class histogram ({@code jcmd}; a full GC first). */
    static long liveInstances(String className) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String histogram = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
        return histogram.lines().map(String::trim).map(l -> l.split("\\s+"))
                .filter(f -> f.length >= 4 && f[3].equals(className))
                .mapToLong(f -> Long.parseLong(f[1])).sum();
    }

    @Test
    void aHungRequestWhoseClientLeftIsNotKeptInMemoryUntilTheIdleTimeout() throws Exception {
        // the default idle timeout (5 min): Undertow re-armed it on the closed connection when the hung exchange
        // ended, and the timer held each closed connection (~3 KB with its parser and journal entry) until then
        start(MockStagingServer.builder());
        String token = server.mintToken("hung");
        Http.get(server.httpUri(), "/health");
        String connectionClass = "io.undertow.server.protocol.http.HttpServerConnection";
        long baseline = liveInstances(connectionClass);
        FaultHandle hang = server.inject(Fault.hang(), Scope.paths("/ws"));
        for (int i = 0; i < 40; i++) {
            try (Socket s = raw()) {
                sendUpgrade(s, "/ws", token);
                long hits = i + 1;
                await().atMost(Duration.ofSeconds(5)).until(() -> hang.rule().hits() >= hits);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> held() == 0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(liveInstances(connectionClass))
                .as("HTTP connections alive after 40 hung requests were left by their clients")
                .isLessThanOrEqualTo(baseline + 2));
        hang.close();
    }

    static final String WS_CONNECTION = "dev.understudy.mock.internal.ws.Connection";

    /** Starts a server with one session opened and closed (so nothing made lazily is counted), and counts sessions. */
    long liveSessionsOfAQuietServer(String token) throws Exception {
        try (WsProbe p = WsProbe.connect(server.webSocketUri("/ws"), token)) {
            p.next();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openSockets() == 0);
        return liveInstances(WS_CONNECTION);
    }

    /** 40 clients that send an upgrade, wait for its 101 or not, and reset the socket. */
    void resetAfterUpgrading(String token, boolean readThe101) throws IOException {
        for (int i = 0; i < 40; i++) {
            try (Socket s = raw()) {
                sendUpgrade(s, "/ws", token);
                if (readThe101) {
                    assertThat(readUntil(s, "\r\n\r\n")).startsWith("HTTP/1.1 101");
                }
                s.setSoLinger(true, 0);
            }
        }
    }

    void assertLiveSessionsBackTo(long baseline, String after) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(liveInstances(WS_CONNECTION))
                .as("WebSocket connections alive after " + after).isLessThanOrEqualTo(baseline + 2));
    }

    @Test
    void aSocketResetAsItOpensLeavesNoHeartbeatTimerHoldingItForAnInterval() throws Exception {
        // a welcome written to a socket its client had reset closed the socket inside the write, so the close task
        // ran before the heartbeat was armed, and the armed timer held each closed connection for 15 s
        start(MockStagingServer.builder());
        String token = server.mintToken("reset");
        long baseline = liveSessionsOfAQuietServer(token);
        resetAfterUpgrading(token, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openSockets() == 0);
        assertLiveSessionsBackTo(baseline, "40 were reset as they opened (the heartbeat is 15 s)");
        assertThat(server.openSockets()).isZero();
    }

    @Test
    void aSocketResetBeforeItsUpgradeIsAnsweredIsNotKeptInUndertowsSetOfOpenChannels() throws Exception {
        // the reset came before Undertow's WebSocket channel listened for the close, so none of its close tasks ran,
        // Undertow's own among them: the handshake handler's set of open channels kept each one, and its connection
        start(MockStagingServer.builder());
        String token = server.mintToken("early");
        long baseline = liveSessionsOfAQuietServer(token);
        resetAfterUpgrading(token, false);
        assertLiveSessionsBackTo(baseline, "40 clients reset them as they asked to upgrade");
        assertThat(server.openSockets()).isZero();
    }

    @Test
    void moreHungConnectionsThanTheBoundAreRefusedAndTheServerKeepsServing() throws Exception {
        start(MockStagingServer.builder().limits(Limits.defaults().withMaxHeldConnections(20)));
        String token = server.mintToken("many");
        Http.get(server.httpUri(), "/health");
        try (WsProbe p = WsProbe.connect(server.webSocketUri("/api/v1/websocket"), token)) {
            p.next();
        }
        int baseline = Descriptors.open();
        server.inject(Fault.hang(), Scope.paths("/ws"));
        List<Socket> sockets = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 50; i++) {
            Socket s = raw();
            sendUpgrade(s, "/ws", token);
            sockets.add(s);
            if (i < 20) {
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(5)).until(() -> held() == expected);
            } else if (readUntil(s, "}").startsWith("HTTP/1.1 503")) {
                refused++;
            }
        }
        assertThat(refused).as("connections past the bound answered 503").isEqualTo(30);
        assertThat(held()).isEqualTo(20);
        // served throughout: the admin API, /health and a fresh run on the path the fault does not hold
        assertThat(Http.get(server.adminUri(), "/faults").status()).isEqualTo(200);
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);
        try (WsProbe p = WsProbe.connect(server.webSocketUri("/api/v1/websocket"), token)) {
            p.next();
            p.sendJson(Map.of("type", "user_message", "content", "q"));
            assertThat(p.until("agent_completed")).isNotEmpty();
        }
        for (Socket s : sockets) {
            s.close();
        }
        awaitDescriptorsBackTo(baseline);
        assertThat(held()).isZero();
    }

    // ---- 2. the message limit from the frame header ----

    @Test
    void aFrameWhoseHeaderAnnouncesMoreThanTheLimitIsClosed1009BeforeItsPayload() throws Exception {
        start(MockStagingServer.builder());
        try (RawWs ws = new RawWs(server.port(), server.mintToken("big"))) {
            ws.readFor(Duration.ofMillis(200)); // the welcome
            ws.sendFrame(0x81, 1L << 40, new byte[0]); // 1 TiB announced, no byte of it sent
            RawWs.Transcript t = ws.readToEnd();
            assertThat(t.closeCode()).isEqualTo(1009);
            assertThat(t.eof()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openSockets() == 0);
    }

    @Test
    void aFragmentedMessageIsClosed1009WhenItsRunningTotalPassesTheLimit() throws Exception {
        start(MockStagingServer.builder().settings(WebSocketSettings.defaults().toBuilder().maxMessageSize(64 * 1024).build()));
        try (RawWs ws = new RawWs(server.port(), server.mintToken("frag"))) {
            ws.readFor(Duration.ofMillis(200));
            byte[] part = "a".repeat(40 * 1024).getBytes(StandardCharsets.US_ASCII);
            ws.sendFrame(0x01, part.length, part);          // text, not final: 40 KiB
            ws.sendFrame(0x00, 40 * 1024, new byte[0]);     // continuation announcing 40 more: 80 KiB > 64 KiB
            RawWs.Transcript t = ws.readToEnd();
            assertThat(t.closeCode()).isEqualTo(1009);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openSockets() == 0);
    }

    // ---- 3. a 64-bit length with its top bit set ----

    /** Opens and closes one raw session (so nothing made lazily is counted), then counts open descriptors. */
    int descriptorsAfterOneRawSession(String token) throws IOException {
        try (RawWs warm = new RawWs(server.port(), token)) {
            warm.readFor(Duration.ofMillis(200));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openSockets() == 0);
        return Descriptors.open();
    }

    @Test
    void aLengthWithItsTopBitSetFailsTheConnection1002AndLogsNoError() throws Exception {
        start(MockStagingServer.builder());
        String token = server.mintToken("topbit");
        int baseline = descriptorsAfterOneRawSession(token);
        try (Descriptors.Errors errors = new Descriptors.Errors()) {
            for (int i = 0; i < 20; i++) {
                try (RawWs ws = new RawWs(server.port(), token)) {
                    ws.readFor(Duration.ofMillis(50));
                    // low 32 bits sane (Undertow read on with a negative remainder), or negative (it threw)
                    long announced = i % 2 == 0 ? 0x8000_0000_0000_0010L : 0xFFFF_FFFF_FFFF_FFF0L;
                    ws.sendFrame(0x81, announced, "x".repeat(16).getBytes(StandardCharsets.US_ASCII));
                    RawWs.Transcript t = ws.readToEnd();
                    assertThat(t.closeCode()).isEqualTo(1002);
                    assertThat(t.eof()).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openSockets() == 0);
            awaitDescriptorsBackTo(baseline);
            assertThat(errors.messages()).isEmpty();
        }
    }

    @Test
    void malformedFramesFailTheConnectionWithTheirCodeAndLogNoError() throws Exception {
        start(MockStagingServer.builder());
        String token = server.mintToken("malformed");
        int baseline = descriptorsAfterOneRawSession(token);
        byte[] notUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};   // 0xC3 must be followed by 0x80..0xBF
        /** b0 below 0: the payload is sent as it is, a whole frame. */
        record Case(String what, int b0, byte[] payload, int code) {
        }
        List<Case> cases = List.of(
                new Case("text that is not UTF-8", 0x81, notUtf8, 1007),
                new Case("a reserved bit with no extension", 0xC1, "{}".getBytes(StandardCharsets.US_ASCII), 1002),
                new Case("a reserved opcode", 0x83, "{}".getBytes(StandardCharsets.US_ASCII), 1002),
                new Case("a ping longer than 125 bytes", 0x89, new byte[126], 1002),
                new Case("a frame from the client not masked", -1, new byte[] {(byte) 0x81, 0x02, '{', '}'}, 1002));
        try (Descriptors.Errors errors = new Descriptors.Errors()) {
            for (Case c : cases) {
                try (RawWs ws = new RawWs(server.port(), token)) {
                    ws.readFor(Duration.ofMillis(50));
                    if (c.b0() < 0) {
                        ws.sendRaw(c.payload());
                    } else {
                        ws.sendFrame(c.b0(), c.payload().length, c.payload());
                    }
                    RawWs.Transcript t = ws.readToEnd();
                    assertThat(t.closeCode()).as(c.what()).isEqualTo(c.code());
                    assertThat(t.eof()).as(c.what() + ": the connection ends").isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openSockets() == 0);
            awaitDescriptorsBackTo(baseline);
            assertThat(errors.messages()).isEmpty();
        }
    }

    // ---- 4. time claims that are not NumericDates ----

    @Test
    void timeClaimsThatAreNotNumericDatesAreRejected() throws Exception {
        start(MockStagingServer.builder());
        long in10min = System.currentTimeMillis() / 1000 + 600;
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> payloads = Map.of(
                "exp as a numeric string", "{\"sub\":\"u\",\"type\":\"access\",\"exp\":\"" + in10min + "\"}",
                "exp as ISO-8601", "{\"sub\":\"u\",\"type\":\"access\",\"exp\":\"2099-01-01T00:00:00Z\"}",
                "nbf as a string", "{\"sub\":\"u\",\"type\":\"access\",\"exp\":" + in10min + ",\"nbf\":\"" + now + "\"}",
                "iat as a string", "{\"sub\":\"u\",\"type\":\"access\",\"exp\":" + in10min + ",\"iat\":\"" + now + "\"}");
        for (Map.Entry<String, String> p : payloads.entrySet()) {
            String token = hs256(p.getValue());
            try (Socket s = raw()) {
                sendUpgrade(s, "/ws", token);
                String answer = readUntil(s, "}");
                assertThat(answer).as(p.getKey()).startsWith("HTTP/1.1 403").contains("NumericDate");
            } catch (SocketTimeoutException e) {
                throw new AssertionError(p.getKey() + ": no answer", e);
            }
        }
        // the same claims as numbers are admitted
        String good = hs256("{\"sub\":\"u\",\"type\":\"access\",\"exp\":" + in10min + ",\"nbf\":" + now + ",\"iat\":" + now + "}");
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), good)) {
            assertThat(probe.next().path("data").path("user_id").asText()).isEqualTo("u");
        }
    }

    static String hs256(String payload) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    // ---- 5. text that is not one JSON value ----

    @Test
    void framesThatAreNotExactlyOneJsonValueGetJsonParseErrorAndTheSocketStaysOpen() throws Exception {
        start(MockStagingServer.builder());
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("json"))) {
            probe.next();
            for (String bad : List.of("", "   ", "\n\t", "{\"type\":\"ping\"} trailing", "{\"type\":\"ping\"}{\"type\":\"ping\"}",
                    "{\"type\":\"ping\"}]", "{\"type\":\"ping\"} 1")) {
                probe.send(bad);
                JsonNode answer = probe.next();
                assertThat(answer.path("type").asText()).as("answer to [" + bad + "]").isEqualTo("error_message");
                assertThat(answer.path("error_code").asText()).as("answer to [" + bad + "]").isEqualTo("JSON_PARSE_ERROR");
            }
            probe.send("{\"type\":\"ping\"}   ");
            assertThat(probe.next().path("type").asText()).isEqualTo("pong");
        }
    }

    // ---- 7. slow peers ----

    @Test
    void headersThatNeverFinishAndConnectionsThatNeverAskAreClosed() throws Exception {
        start(MockStagingServer.builder().limits(Limits.defaults()
                .withHeaderTimeout(Duration.ofMillis(300)).withIdleTimeout(Duration.ofMillis(300))));
        try (Socket slowloris = raw(); Socket upgrade = raw(); Socket silent = raw()) {
            slowloris.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: 1\r\n".getBytes(StandardCharsets.US_ASCII));
            upgrade.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + server.mintToken("slow") + "\r\nUpgrade: websocket\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Socket s : List.of(slowloris, upgrade, silent)) {
                assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            }
        }
    }

    @Test
    void aHangStillHangsPastTheTimeoutsAndAQuietWebSocketIsNotClosed() throws Exception {
        start(MockStagingServer.builder().limits(Limits.defaults()
                .withHeaderTimeout(Duration.ofMillis(200)).withIdleTimeout(Duration.ofMillis(200))));
        server.inject(Fault.hang(), Scope.paths("/health"));
        try (Socket hung = raw(); WsProbe quiet = WsProbe.connect(server.webSocketUri(), server.mintToken("quiet"))) {
            quiet.next();
            hung.setSoTimeout(1500);
            hung.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = hung.getInputStream();
            assertThatThrownBy(in::read).as("the hang answers nothing and keeps the connection").isInstanceOf(SocketTimeoutException.class);
            quiet.sendJson(Map.of("type", "ping"));
            assertThat(quiet.next().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void aClientThatDoesNotReadIsClosed1008OnceItsQueuePassesTheBound() throws Exception {
        // one run of 200 partial results of 64 KiB each (12.5 MiB, more than the kernel's buffers take) for a
        // client that asks for it and then reads nothing
        StringBuilder events = new StringBuilder("{\"type\":\"agent_started\",\"after_ms\":0,\"task_description\":\"t\"}");
        String chunk = "x".repeat(64 * 1024);
        for (int i = 0; i < 200; i++) {
            events.append(",{\"type\":\"partial_result\",\"after_ms\":0,\"content\":\"").append(chunk).append("\"}");
        }
        events.append(",{\"type\":\"agent_completed\",\"after_ms\":0,\"final_response\":\"done\"}");
        Scenario flood = Scenario.parse("{\"name\":\"flood\",\"agent_name\":\"a\",\"events\":[" + events + "]}", "flood");
        start(MockStagingServer.builder().scenario(flood).limits(Limits.defaults().withMaxQueuedBytes(256 * 1024)));
        int baseline = Descriptors.open();
        try (RawWs ws = new RawWs(server.port(), server.mintToken("deaf"), "/ws", 4096)) {
            ws.sendRaw(maskedText("{\"type\":\"user_message\",\"content\":\"q\"}"));
            await().atMost(Duration.ofSeconds(20)).until(() -> server.openSockets() == 0);
        }
        ConnectionLog log = server.journal().connections().stream().filter(c -> "deaf".equals(c.user())).findFirst().orElseThrow();
        assertThat(log.ending().code()).isEqualTo(1008);
        awaitDescriptorsBackTo(baseline);
    }

    static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = {1, 2, 3, 4};
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
