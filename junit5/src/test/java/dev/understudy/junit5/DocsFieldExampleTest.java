package dev.understudy.junit5;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.Target;
import dev.understudy.mock.AuthMode;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.WebSocketSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

// docs/junit.md's "A field, for everything else" example, compiled and run (DocsSnippetsTest).
// junit.md:field:begin
@Timeout(30)
class DocsFieldExampleTest {

    @RegisterExtension
    static final MockStagingExtension MOCK = MockStagingExtension.builder()
            .authMode(AuthMode.CLOSE_1008)
            .settings(WebSocketSettings.builder().heartbeatInterval(Duration.ofMillis(200)).build())
            .bypassKey("my-bypass-key")
            .customize(server -> server.maxSocketsPerUser(2).ioThreads(1))
            .perMethod()                                   // a fresh server for every test
            .build();

    @Test
    void anIdleClientGetsAHeartbeat(MockStagingServer server, Target target) {
        try (AgentSocket socket = AgentSocket.connect(target, "erin@example.com", Duration.ofSeconds(2))) {
            socket.awaitWelcome(Duration.ofSeconds(1));
            assertThat(socket.awaitType("heartbeat", Duration.ofSeconds(2))).isNotNull();
        }
        assertThat(server.settings().heartbeatInterval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aServerOfYourOwnIsOneCallFromItsTarget() {
        try (MockStagingServer other = MockStagingServer.builder().scenario("agent-error").start()) {
            Target target = MockTarget.of(other);         // no Target.mock(httpUri, webSocketUri, secret)
            assertThat(target.httpClient().health(Duration.ofSeconds(2)).status()).isEqualTo(200);
        }
    }
}
// junit.md:field:end
