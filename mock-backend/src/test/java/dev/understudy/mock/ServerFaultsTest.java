package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.journal.ConnectionLog;
import dev.understudy.mock.journal.FrameLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each fault's effect on the wire, seen through the JDK's own clients. */
@Timeout(30)
class ServerFaultsTest {

    static final Duration SHORT = Duration.ofMillis(250);

    MockStagingServer server;

    @BeforeEach
    void start() {
        server = MockStagingServer.builder().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(server.httpUri().resolve(path)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    WsProbe open(String user) throws Exception {
        return WsProbe.connect(server.webSocketUri(), server.mintToken(user));
    }

    List<JsonNode> runFrames(WsProbe probe, String... endTypes) throws Exception {
        probe.sendJson(Map.of("type", "user_message", "content", "q"));
        return probe.until(endTypes);
    }

    static List<String> types(List<JsonNode> frames) {
        return frames.stream().map(f -> f.get("type").asText()).toList();
    }

    // ---- TCP ----

    @Test
    void refuseClosesThePortAndRemovingItServesTheSamePortAgain() throws Exception {
        int port = server.port();
        FaultHandle refuse = server.inject(Fault.refuse());
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(Http.get(server.adminUri(), "/faults").status()).isEqualTo(200);
        refuse.close();
        assertThat(server.port()).isEqualTo(port);
        assertThat(get("/health", Duration.ofSeconds(2)).statusCode()).isEqualTo(200);
    }

    @Test
    void refuseAlsoEndsIdleKeepAliveConnectionsSoPooledClientsSeeIt() throws Exception {
        HttpClient pooled = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(server.httpUri().resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        assertThat(pooled.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        server.inject(Fault.refuse());
        assertThatThrownBy(() -> pooled.send(health, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void refuseForADurationEndsByItself() throws Exception {
        server.inject(Fault.refuse(), Scope.all(), Schedule.always().lasting(Duration.ofMillis(150)));
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> get("/health", Duration.ofSeconds(1)).statusCode() == 200);
    }

    @Test
    void openSocketsSurviveRefuse() throws Exception {
        try (WsProbe probe = open("survivor")) {
            probe.next();
            server.inject(Fault.refuse());
            probe.sendJson(Map.of("type", "ping"));
            assertThat(probe.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void blackholeAcceptsAndNeverAnswers() {
        server.inject(Fault.blackhole());
        assertThatThrownBy(() -> get("/health", SHORT)).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void resetCutsTheConnection() throws Exception {
        server.inject(Fault.reset());
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(2000);
            // the RST may beat the request: either the write or the read fails, never with an answer
            assertThatThrownBy(() -> {
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                if (s.getInputStream().read() < 0) {
                    throw new IOException("EOF");
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("reset");
        }
    }

    // ---- HTTP ----

    @Test
    void statusAnswersTheCodeOnlyInScope() throws Exception {
        server.inject(Fault.status(503), Scope.paths("/health"));
        HttpResponse<String> r = get("/health", Duration.ofSeconds(2));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("Service Unavailable");
        assertThat(get("/api/health", Duration.ofSeconds(2)).statusCode()).isEqualTo(200);
    }

    @Test
    void statusOnTheUpgradeRefusesIt() {
        server.inject(Fault.status(500, "{\"detail\":\"boom\"}"), Scope.webSocket());
        assertThat(WebSocketAuthTest.rejectedStatusOn(server, "u")).isEqualTo(500);
    }

    @Test
    void delayAnswersLater() throws Exception {
        server.inject(Fault.delay(Duration.ofMillis(200)));
        long start = System.nanoTime();
        assertThat(get("/health", Duration.ofSeconds(3)).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void hangNeverAnswers() {
        server.inject(Fault.hang(), Scope.paths("/health"));
        assertThatThrownBy(() -> get("/health", SHORT)).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void closeConnectionAnswersNothing() {
        server.inject(Fault.closeConnection());
        assertThatThrownBy(() -> get("/health", Duration.ofSeconds(2))).isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void noConfigStripsTheConfigBlock() throws Exception {
        server.injectPreset("missing-config");
        assertThat(WsProbe.JSON.readTree(get("/health", Duration.ofSeconds(2)).body()).has("config")).isFalse();
        assertThat(WsProbe.JSON.readTree(get("/api/health", Duration.ofSeconds(2)).body()).has("config")).isFalse();
    }

    // ---- after the 101 ----

    @Test
    void noWelcomeKeepsTheSocketOpenAndSilent() throws Exception {
        server.inject(Fault.noWelcome());
        try (WsProbe probe = open("mute")) {
            probe.sendJson(Map.of("type", "ping"));
            assertThat(probe.poll(Duration.ofMillis(300))).isNull();
            assertThat(probe.socket().isInputClosed()).isFalse();
        }
    }

    @Test
    void delayWelcomeSendsItLater() throws Exception {
        server.inject(Fault.delayWelcome(Duration.ofMillis(200)));
        long start = System.nanoTime();
        try (WsProbe probe = open("late")) {
            assertThat(probe.next().get("type").asText()).isEqualTo("system_message");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void closeAfterUpgradeSendsTheCodeAndReason() throws Exception {
        server.inject(Fault.close(1013, "Try again later"));
        try (WsProbe probe = open("closed")) {
            WsProbe.Ending ending = probe.awaitEnding();
            assertThat(ending.code()).isEqualTo(1013);
            assertThat(ending.reason()).isEqualTo("Try again later");
        }
    }

    @Test
    void dropEndsWithoutACloseFrame() throws Exception {
        server.inject(Fault.drop());
        try (WsProbe probe = open("dropped")) {
            WsProbe.Ending ending = probe.awaitEnding();
            // 1006 can never travel in a close frame: the JDK reports it only for a connection cut without one
            assertThat(ending.code()).isEqualTo(1006);
        }
    }

    // ---- during a run ----

    @Test
    void stallAfterStopsTheRunButNotTheSocket() throws Exception {
        server.inject(Fault.stallAfter("agent_thinking"));
        try (WsProbe probe = open("stalled")) {
            probe.next();
            List<JsonNode> frames = runFrames(probe, "agent_thinking");
            assertThat(types(frames)).containsExactly("agent_started", "agent_thinking");
            assertThat(probe.poll(Duration.ofMillis(200))).isNull();
            probe.sendJson(Map.of("type", "ping"));
            assertThat(probe.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void omitDuplicateReorderAndDelayShapeTheStream() throws Exception {
        server.inject(Fault.omit("agent_thinking"), Scope.user("omit"));
        server.inject(Fault.duplicate("tool_executing"), Scope.user("dup"));
        server.inject(Fault.reorder("tool_executing", "tool_completed"), Scope.user("reorder"));
        server.inject(Fault.delayEvent("agent_completed", Duration.ofMillis(150)), Scope.user("slow"));
        try (WsProbe omit = open("omit"); WsProbe dup = open("dup"); WsProbe reorder = open("reorder"); WsProbe slow = open("slow")) {
            omit.next();
            dup.next();
            reorder.next();
            slow.next();
            assertThat(types(runFrames(omit, "agent_completed"))).doesNotContain("agent_thinking");
            assertThat(types(runFrames(dup, "agent_completed"))).containsSubsequence("tool_executing", "tool_executing", "tool_completed");
            assertThat(types(runFrames(reorder, "agent_completed"))).containsSubsequence("tool_completed", "tool_executing");
            slow.sendJson(Map.of("type", "user_message", "content", "q"));
            slow.until("tool_completed");
            long start = System.nanoTime();
            slow.until("agent_completed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(140));
        }
    }

    @Test
    void malformedSendsTextThatIsNotJson() throws Exception {
        server.inject(Fault.malformed("tool_executing"));
        try (WsProbe probe = open("garbled")) {
            probe.next();
            probe.sendJson(Map.of("type", "user_message", "content", "q"));
            probe.next();
            probe.next();
            String garbled = probe.poll(Duration.ofSeconds(2));
            assertThat(garbled).contains("tool_executing");
            assertThatThrownBy(() -> WsProbe.JSON.readTree(garbled)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void failRunEndsWithAgentError() throws Exception {
        server.inject(Fault.failRun("LLM_TIMEOUT"));
        try (WsProbe probe = open("failing")) {
            probe.next();
            List<JsonNode> frames = runFrames(probe, "agent_error", "agent_completed");
            JsonNode last = frames.get(frames.size() - 1);
            assertThat(last.get("type").asText()).isEqualTo("agent_error");
            assertThat(last.get("error_code").asText()).isEqualTo("LLM_TIMEOUT");
        }
    }

    @Test
    void closeAfterEndsTheSocketMidRunWithTheCode() throws Exception {
        server.inject(Fault.closeAfter("agent_thinking", 1011));
        try (WsProbe closer = open("closer")) {
            closer.next();
            assertThat(types(runFrames(closer, "agent_thinking"))).endsWith("agent_thinking");
            assertThat(closer.awaitEnding().code()).isEqualTo(1011);
        }
    }

    @Test
    void dropAfterEndsTheTcpConnectionWithNoCloseFrame() throws Exception {
        // read byte by byte: the JDK client now and then misses an EOF that follows a frame at once
        server.inject(Fault.dropAfter("tool_executing"));
        try (RawWs raw = new RawWs(server.port(), server.mintToken("dropper"))) {
            raw.send("{\"type\":\"user_message\",\"content\":\"q\"}");
            RawWs.Transcript t = raw.readToEnd();
            assertThat(t.eof()).isTrue();
            assertThat(t.closeFrame()).isFalse();
            assertThat(t.texts()).last().asString().contains("\"type\":\"tool_executing\"");
            assertThat(t.texts().stream().noneMatch(x -> x.contains("tool_completed"))).isTrue();
        }
    }

    // ---- keep-alive ----

    @Test
    void noPongIgnoresPingsAndSlowPongDelaysThem() throws Exception {
        server.inject(Fault.noPong(), Scope.user("deaf"));
        server.inject(Fault.slowPong(Duration.ofMillis(200)), Scope.user("sluggish"));
        try (WsProbe deaf = open("deaf"); WsProbe sluggish = open("sluggish")) {
            deaf.next();
            sluggish.next();
            deaf.sendJson(Map.of("type", "ping"));
            assertThat(deaf.poll(Duration.ofMillis(300))).isNull();
            long start = System.nanoTime();
            sluggish.sendJson(Map.of("type", "ping"));
            assertThat(sluggish.next().get("type").asText()).isEqualTo("pong");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        }
    }

    @Test
    void webSocketLevelPingsFollowTheKeepAliveFaultsToo() throws Exception {
        server.inject(Fault.noPong(), Scope.user("deaf-ws"));
        try (WsProbe deaf = open("deaf-ws"); WsProbe fine = open("fine-ws")) {
            deaf.next();
            fine.next();
            // the JDK client answers the server's pings but reports the pongs it gets to onPong: count them via the journal
            fine.socket().sendPing(ByteBuffer.wrap(new byte[]{1})).get(2, TimeUnit.SECONDS);
            deaf.socket().sendPing(ByteBuffer.wrap(new byte[]{1})).get(2, TimeUnit.SECONDS);
            fine.sendJson(Map.of("type", "ping"));
            assertThat(fine.next().get("type").asText()).isEqualTo("pong");
            deaf.sendJson(Map.of("type", "ping"));
            assertThat(deaf.poll(Duration.ofMillis(200))).isNull();
        }
    }

    // ---- scope ----

    @Test
    void twoUsersOnOneServerOnlyTheFaultedOneIsHit() throws Exception {
        server.inject(Fault.omit("tool_completed"), Scope.user("faulted"));
        try (WsProbe faulted = open("faulted"); WsProbe clean = open("clean")) {
            faulted.next();
            clean.next();
            assertThat(types(runFrames(faulted, "agent_completed"))).doesNotContain("tool_completed");
            assertThat(types(runFrames(clean, "agent_completed"))).contains("tool_completed");
        }
    }

    // ---- journal ----

    @Test
    void journalRecordsHandshakeFramesAndEndingWithTheTokenRedacted() throws Exception {
        String token = server.mintToken("journaled");
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), b -> b.subprotocols("jwt-auth", "jwt." + WsProbe.base64Url(token))
                .header("Authorization", "Bearer " + token))) {
            probe.next();
            probe.sendJson(Map.of("type", "ping", "marker", "m-1"));
            probe.next();
            ConnectionLog log = server.journal().awaitFrameIn("journaled", "m-1", Duration.ofSeconds(5));
            assertThat(log.path()).isEqualTo("/ws");
            assertThat(log.headers().toString()).doesNotContain(token).contains("<redacted>");
            assertThat(log.frames(FrameLog.Direction.OUT).get(0).text()).contains("connection_established");
            assertThat(log.frames(FrameLog.Direction.IN).get(0).text()).contains("m-1");
            probe.socket().sendClose(1000, "bye").get(2, TimeUnit.SECONDS);
            ConnectionLog ended = server.journal().awaitEnded("journaled", Duration.ofSeconds(5));
            assertThat(ended.ending().how()).isEqualTo(ConnectionLog.Ending.CLOSED_BY_CLIENT);
            assertThat(ended.ending().code()).isEqualTo(1000);
        }
    }

    @Test
    void journalRecordsRejectedUpgrades() throws Exception {
        WebSocketAuthTest.rejectedStatus(server.webSocketUri(), b -> b.header("Authorization", "Bearer nope"));
        ConnectionLog rejected = server.journal().awaitConnection(c -> c.ended()
                && c.ending().how().equals(ConnectionLog.Ending.REJECTED), Duration.ofSeconds(5));
        assertThat(rejected.ending().code()).isEqualTo(403);
        assertThat(rejected.ending().reason()).startsWith("Malformed token");
    }

    @Test
    void awaitingWhatNeverHappensTimesOut() {
        assertThatThrownBy(() -> server.journal().awaitFrameIn("nobody", "x", Duration.ofMillis(100)))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void handleReportsChancesAndHits() throws Exception {
        FaultHandle h = server.inject(Fault.status(503), Scope.paths("/health"), Schedule.times(1));
        assertThat(get("/health", Duration.ofSeconds(2)).statusCode()).isEqualTo(503);
        assertThat(get("/health", Duration.ofSeconds(2)).statusCode()).isEqualTo(200);
        assertThat(h.rule().hits()).isEqualTo(1);
        assertThat(h.rule().active()).isFalse();
    }
}
