package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.mock.journal.ConnectionLog;
import dev.understudy.mock.journal.HttpLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal of plain HTTP requests and the journal's filters, over real sockets with the JDK's HttpClient. */
@Timeout(30)
class HttpJournalTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    MockStagingServer server;
    URI admin;

    @BeforeEach
    void start() {
        server = MockStagingServer.builder().start();
        admin = server.adminUri();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * Waits until this many requests have ended: the journal notes the answer once the exchange completes, which
     * may be just after the client has read it.
     */
    private void awaitAnswered(int count) throws Exception {
        server.journal().awaitRequest(r -> server.journal().requests().stream().filter(HttpLog::ended).count() >= count, WAIT);
    }

    private static List<JsonNode> list(JsonNode body, String field) {
        List<JsonNode> out = new ArrayList<>();
        body.get(field).forEach(out::add);
        return out;
    }

    @Test
    void aPlainRequestIsJournaledWithMethodPathStatusTimeAndTheUserOfItsToken() throws Exception {
        String token = server.mintToken("alice");
        Http.send(HttpRequest.newBuilder(server.httpUri().resolve("/health")).header("Authorization", "Bearer " + token).GET());
        Http.get(server.httpUri(), "/nowhere?token=" + token + "&x=1");
        awaitAnswered(2);

        List<JsonNode> requests = list(Http.get(admin, "/journal?kind=http").json(), "requests");
        assertThat(requests).hasSize(2);
        JsonNode health = requests.get(0);
        assertThat(health.get("kind").asText()).isEqualTo("http");
        assertThat(health.get("method").asText()).isEqualTo("GET");
        assertThat(health.get("path").asText()).isEqualTo("/health");
        assertThat(health.get("status").asInt()).isEqualTo(200);
        assertThat(health.get("user").asText()).isEqualTo("alice");
        assertThat(health.get("faults")).isEmpty();
        assertThat(health.get("ending").asText()).isEqualTo("answered");
        assertThat(health.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(health.get("at_epoch").asDouble()).isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(30.0));

        JsonNode nowhere = requests.get(1);
        assertThat(nowhere.get("status").asInt()).isEqualTo(404);
        assertThat(nowhere.get("user").asText()).isEqualTo("alice");
        assertThat(nowhere.get("query").asText()).isEqualTo("token=<redacted>&x=1");
        assertThat(Http.get(admin, "/journal").body()).doesNotContain(token);

        List<HttpLog> seen = server.journal().requests();
        assertThat(seen).extracting(HttpLog::path).containsExactly("/health", "/nowhere");
        assertThat(seen.get(0).status()).isEqualTo(200);
    }

    @Test
    void theFaultThatStruckARequestIsJournaledWithTheStatusItCaused() throws Exception {
        AdminApiTest.post(admin, "/faults", "{\"fault\":\"status\",\"code\":503,\"path\":\"/health\",\"times\":1}");
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(503);
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);
        awaitAnswered(2);

        List<JsonNode> requests = list(Http.get(admin, "/journal").json(), "requests");
        assertThat(requests).extracting(r -> r.get("status").asInt()).containsExactly(503, 200);
        assertThat(requests.get(0).get("faults").get(0).asText()).isEqualTo("status");
        assertThat(requests.get(1).get("faults")).isEmpty();
    }

    @Test
    void aHungRequestIsJournaledInFlightWithItsFault() throws Exception {
        server.inject(dev.understudy.mock.fault.Fault.hang(), dev.understudy.mock.fault.Scope.paths("/health"),
                dev.understudy.mock.fault.Schedule.always());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            HttpLog pending = server.journal().awaitRequest(r -> r.path().equals("/health") && r.faults().contains("hang"), WAIT);
            assertThat(pending.ended()).isFalse();
            assertThat(pending.status()).isZero();
            assertThat(pending.duration()).isNull();
        }
    }

    @Test
    void aRequestWhoseConnectionTheFaultClosedIsJournaledAsClosedUnanswered() throws Exception {
        AdminApiTest.post(admin, "/faults", "{\"fault\":\"close-connection\",\"path\":\"/health\",\"times\":1}");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().read()).as("closed with no answer").isEqualTo(-1);
        }
        HttpLog closed = server.journal().awaitRequest(HttpLog::ended, WAIT);
        assertThat(closed.ending()).isEqualTo(HttpLog.CLOSED_UNANSWERED);
        assertThat(closed.status()).isZero();
        assertThat(closed.faults()).containsExactly("close-connection");
        assertThat(closed.duration()).isNotNull();
    }

    @Test
    void anUpgradeThatGetsIts101IsAConnectionNotARequestButAFailedUpgradeIsARequest() throws Exception {
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("bob"))) {
            probe.next();
        }
        server.journal().awaitEnded("bob", WAIT);
        assertThat(server.journal().requests()).isEmpty();

        AdminApiTest.post(admin, "/presets/handshake-500", "");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + server.mintToken("carol") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            HttpLog failed = server.journal().awaitRequest(HttpLog::ended, WAIT);
            assertThat(failed.path()).isEqualTo("/ws");
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.user()).isEqualTo("carol");
            assertThat(failed.faults()).containsExactly("status");
        }
    }

    @Test
    void sinceTakesTheCursorAndReturnsOnlyEntriesThatChangedAfterIt() throws Exception {
        Http.get(server.httpUri(), "/health");
        awaitAnswered(1);
        long cursor = Http.get(admin, "/journal").json().get("cursor").asLong();
        assertThat(Http.get(admin, "/journal?since=" + cursor).json().get("requests")).isEmpty();

        Http.get(server.httpUri(), "/ws/config");
        awaitAnswered(2);
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("dave"))) {
            probe.next();
        }
        server.journal().awaitEnded("dave", WAIT);
        JsonNode after = Http.get(admin, "/journal?since=" + cursor).json();
        assertThat(list(after, "requests")).extracting(r -> r.get("path").asText()).containsExactly("/ws/config");
        assertThat(list(after, "connections")).extracting(c -> c.get("user").asText()).containsExactly("dave");
        assertThat(after.get("cursor").asLong()).isGreaterThan(cursor);
        assertThat(Http.get(admin, "/journal?since=" + after.get("cursor").asLong()).json().get("connections")).isEmpty();
    }

    @Test
    void userAndKindFilterBothLists() throws Exception {
        Http.send(HttpRequest.newBuilder(server.httpUri().resolve("/health"))
                .header("Authorization", "Bearer " + server.mintToken("erin")).GET());
        Http.get(server.httpUri(), "/health");
        for (String user : List.of("erin", "frank")) {
            try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken(user))) {
                probe.next();
            }
            server.journal().awaitEnded(user, WAIT);
        }
        JsonNode erin = Http.get(admin, "/journal?user=erin").json();
        assertThat(list(erin, "connections")).extracting(c -> c.get("user").asText()).containsExactly("erin");
        assertThat(list(erin, "requests")).extracting(r -> r.get("user").asText()).containsExactly("erin");

        JsonNode ws = Http.get(admin, "/journal?kind=ws").json();
        assertThat(ws.get("requests")).isEmpty();
        assertThat(ws.get("connections")).hasSize(2);
        assertThat(Http.get(admin, "/journal?kind=http").json().get("connections")).isEmpty();
    }

    @Test
    void aSummaryLeavesOutFramesAndHeadersButKeepsTheirCount() throws Exception {
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("gina"))) {
            probe.next();
        }
        server.journal().awaitEnded("gina", WAIT);
        JsonNode full = Http.get(admin, "/journal").json().get("connections").get(0);
        JsonNode summary = Http.get(admin, "/journal?summary=true").json().get("connections").get(0);
        assertThat(full.get("frames")).isNotEmpty();
        assertThat(summary.has("frames")).isFalse();
        assertThat(summary.has("headers")).isFalse();
        assertThat(summary.get("frame_count").asInt()).isEqualTo(full.get("frames").size());
    }

    @Test
    void badFiltersAreRefusedNamingTheParameter() throws Exception {
        Http.Reply since = Http.get(admin, "/journal?since=yesterday");
        assertThat(since.status()).isEqualTo(400);
        assertThat(since.json().get("detail").asText()).startsWith("since:").contains("yesterday");
        Http.Reply kind = Http.get(admin, "/journal?kind=tcp");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.json().get("detail").asText()).startsWith("kind:");
    }

    @Test
    void aRunFaultIsJournaledOnTheConnectionWithWhereTheOmittedEventWasExpected() throws Exception {
        AdminApiTest.post(admin, "/presets/lost-critical-event", "");
        List<JsonNode> frames = AgentRunTest.run(server, "hank", Map.of("type", "user_message",
                "payload", Map.of("content", "hi")));
        assertThat(AgentRunTest.types(frames)).doesNotContain("tool_completed");
        ConnectionLog log = server.journal().awaitEnded("hank", WAIT);
        assertThat(log.faults()).hasSize(1);
        assertThat(log.faults().get(0).fault().kind()).isEqualTo("omit");
        assertThat(log.faults().get(0).expectedAfter()).isEqualTo("tool_executing");

        JsonNode hit = Http.get(admin, "/journal/" + log.id()).json().get("faults").get(0);
        assertThat(hit.get("fault").asText()).isEqualTo("omit");
        assertThat(hit.get("event").asText()).isEqualTo("tool_completed");
        assertThat(hit.get("expected_after").asText()).isEqualTo("tool_executing");
        assertThat(hit.get("at_ms").asDouble()).isPositive();
    }

    @Test
    void aRequestIsFoundByIdLikeAConnection() throws Exception {
        Http.get(server.httpUri(), "/health");
        String id = server.journal().requests().get(0).id();
        JsonNode one = Http.get(admin, "/journal/" + id).json();
        assertThat(one.get("path").asText()).isEqualTo("/health");
        assertThat(one.get("kind").asText()).isEqualTo("http");
    }

    @Test
    void resetForgetsTheRequestsToo() throws Exception {
        Http.get(server.httpUri(), "/health");
        assertThat(server.journal().requests()).hasSize(1);
        AdminApiTest.post(admin, "/reset", "");
        assertThat(server.journal().requests()).isEmpty();
    }
}
