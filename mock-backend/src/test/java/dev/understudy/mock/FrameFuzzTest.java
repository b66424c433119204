package dev.understudy.mock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seeded fuzzer over the frame parser and the token path: random frames (any FIN/RSV/opcode, lengths of every
 * form, the 64-bit one with its top bit set, masked or not, truncated) after a real handshake, and mutated tokens on
 * the upgrade. Asserts the server stays healthy: nothing escapes to XNIO (no error logged), {@code /health}
 * answers, every socket is let go and the descriptors come back.
 *
 * <p>Brief in {@code mvn verify}; longer on demand, and a failure replays from the printed seed:
 * {@code mvn -pl mock-backend -am test -Dtest=FrameFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.count=100000 -Dfuzz.seed=42}
 */
@Timeout(600)
class FrameFuzzTest {

    static MockStagingServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = MockStagingServer.builder().maxSocketsPerUser(1_000_000)
                .settings(WebSocketSettings.defaults().toBuilder().maxMessageSize(64 * 1024).build()).start();
        token = server.mintToken("fuzz");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void randomFramesAndMutatedTokensLeaveTheServerHealthy() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int count = Integer.getInteger("fuzz.count", 300);
        System.out.println("FrameFuzzTest: -Dfuzz.seed=" + seed + " -Dfuzz.count=" + count);
        Random random = new Random(seed);
        try (RawWs warm = new RawWs(server.port(), token)) {
            warm.readFor(Duration.ofMillis(100));
        }
        Http.get(server.httpUri(), "/health");
        int baseline = Descriptors.open();
        try (Descriptors.Errors errors = new Descriptors.Errors()) {
            for (int i = 0; i < count; i++) {
                try {
                    if (random.nextInt(4) == 0) {
                        mutatedToken(random);
                    } else {
                        randomFrames(random);
                    }
                } catch (IOException expected) {
                    // the server closing or resetting a connection we fed garbage is a fine outcome
                }
                if (i % 100 == 99) {
                    assertThat(Http.get(server.httpUri(), "/health").status()).as("case " + i + ", seed " + seed).isEqualTo(200);
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openSockets() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> Descriptors.open() <= baseline + HardeningTest.SLACK);
            assertThat(errors.messages()).as("errors logged, seed " + seed).isEmpty();
            assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);
            try (WsProbe probe = WsProbe.connect(server.webSocketUri(), token)) {
                probe.next();
                probe.send("{\"type\":\"ping\"}");
                assertThat(probe.next().path("type").asText()).isEqualTo("pong");
            }
        }
    }

    private static void randomFrames(Random random) throws IOException {
        try (RawWs ws = new RawWs(server.port(), token)) {
            int frames = 1 + random.nextInt(4);
            for (int f = 0; f < frames; f++) {
                int b0 = random.nextInt(4) == 0 ? random.nextInt(256) : (random.nextBoolean() ? 0x80 : 0) | pickOpcode(random);
                long announced = switch (random.nextInt(6)) {
                    case 0 -> random.nextInt(126);
                    case 1 -> 126 + random.nextInt(65_536 - 126);
                    case 2 -> random.nextLong();                        // any 64-bit value, top bit or not
                    case 3 -> 0x8000_0000_0000_0000L | random.nextInt(); // top bit set, low bits small
                    case 4 -> 64 * 1024 + random.nextInt(1 << 20);       // over the limit
                    default -> 0;
                };
                int sent = (int) Math.min(Math.max(announced, 0), random.nextInt(512));
                byte[] payload = new byte[sent];
                if (random.nextBoolean()) {
                    random.nextBytes(payload);
                } else {
                    byte[] text = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(text, 0, payload, 0, Math.min(text.length, payload.length));
                }
                ws.sendFrame(b0, announced, payload);
            }
            ws.readFor(Duration.ofMillis(random.nextInt(3) == 0 ? 20 : 1));
        }
    }

    private static int pickOpcode(Random random) {
        int[] opcodes = {0x0, 0x1, 0x2, 0x8, 0x9, 0xA, 0x3, 0xB};
        return opcodes[random.nextInt(opcodes.length)];
    }

    /** An upgrade carrying a token with a few random edits, answered (or refused) and never hung. */
    private static void mutatedToken(Random random) throws IOException {
        String mutated = mutate(token, random);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            String header = random.nextBoolean() ? "Authorization: Bearer " + mutated
                    : "Sec-WebSocket-Protocol: jwt-auth, jwt." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mutated.getBytes(StandardCharsets.UTF_8));
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header.replaceAll("[\r\n]", "") + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            byte[] status = in.readNBytes(12);
            String line = new String(status, StandardCharsets.US_ASCII);
            assertThat(line).as("answer to token [" + mutated + "]").matches("HTTP/1\\.1 (101|400|403|431)");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer to an upgrade with token [" + mutated + "]", e);
        }
    }

    static String mutate(String token, Random random) {
        StringBuilder t = new StringBuilder(token);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && t.length() > 0; e++) {
            int at = random.nextInt(t.length());
            switch (random.nextInt(6)) {
                case 0 -> t.setCharAt(at, (char) (33 + random.nextInt(94)));
                case 1 -> t.deleteCharAt(at);
                case 2 -> t.insert(at, (char) (33 + random.nextInt(94)));
                case 3 -> t.insert(at, '.');
                case 4 -> {
                    // a payload of JSON that is valid but odd: strings for times, nesting, huge numbers
                    String[] payloads = {"{\"sub\":\"x\",\"exp\":\"9999999999\"}", "{\"sub\":[1],\"exp\":1e308}",
                            "{\"exp\":-1}", "[]", "null", "{\"sub\":\"x\",\"exp\":99999999999999999999999}"};
                    String[] parts = t.toString().split("\\.", -1);
                    if (parts.length == 3) {
                        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(
                                payloads[random.nextInt(payloads.length)].getBytes(StandardCharsets.UTF_8));
                        t = new StringBuilder(String.join(".", parts));
                    }
                }
                default -> t.setLength(at);
            }
        }
        return t.toString();
    }
}
