package dev.understudy.mock;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code verbose(out)} prints one line per request, upgrade, rejection, fault hit, run and ending, as they happen. */
@Timeout(30)
class VerboseTest {

    @Test
    void eachPhaseOfAConnectionGetsItsLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (MockStagingServer server = MockStagingServer.builder().verbose(out).start()) {
            server.inject(Fault.omit("tool_completed"), Scope.all());
            assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);
            try (WsProbe ws = WsProbe.connect(server.webSocketUri(), server.mintToken("verbose-user"))) {
                ws.until("system_message");
                ws.send("{\"type\":\"user_message\",\"payload\":{\"content\":\"q\"}}");
                ws.until("agent_completed");
            }
            assertThat(WebSocketAuthTest.rejectedStatus(server.webSocketUri(),
                    b -> b.header("Authorization", "Bearer not-a-token"))).isEqualTo(403);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(bytes.toString(StandardCharsets.UTF_8))
                    .contains("understudy: http GET /health 200")
                    .containsPattern("understudy: ws   \\S+ /ws upgraded user=verbose-user")
                    .containsPattern("understudy: ws   \\S+ fault omit")
                    .containsPattern("understudy: run  \\S+ agent_started")
                    .containsPattern("understudy: run  \\S+ agent_completed")
                    .containsPattern("understudy: ws   \\S+ /ws ended closed-by-client 1000")
                    .containsPattern("understudy: ws   rejected-\\S+ /ws ended rejected 403 "));
        }
    }

    @Test
    void withoutItNothingIsPrinted() throws Exception {
        PrintStream before = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(200);
        } finally {
            System.setErr(before);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("understudy: http");
    }
}
