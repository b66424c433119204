package dev.understudy.contract;

import dev.understudy.client.AgentRun;
import dev.understudy.client.AgentSocket;
import dev.understudy.client.RunRequest;
import dev.understudy.client.StreamJudge;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's worked example, compiled and run, so the README can't drift from the API. */
@Timeout(30)
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndItsRunIsJudgedClean() {
        // --- README: "In a JUnit test" ---
        try (MockStagingServer server = MockStagingServer.builder().start();          // 127.0.0.1, port 0
             AgentSocket socket = AgentSocket.connect(
                     Target.mock(server.httpUri(), server.webSocketUri(), server.secret()), "alice@example.com",
                     Duration.ofSeconds(2))) {
            socket.awaitWelcome(Duration.ofSeconds(1));
            RunRequest request = socket.startRun("Why did my cloud bill go up?");
            AgentRun run = socket.collectRun(Duration.ofSeconds(1), Duration.ofSeconds(5));
            assertThat(StreamJudge.judge(run.frames(), socket.expectationFor(request).build())).isEmpty();
        }
        // --- end ---
    }
}
