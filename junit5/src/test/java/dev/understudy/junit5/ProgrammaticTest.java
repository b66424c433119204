package dev.understudy.junit5;

import dev.understudy.client.AgentRun;
import dev.understudy.client.AgentSocket;
import dev.understudy.client.HttpReply;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The builder's choices (and the annotation's) reach the server the tests get. */
@Timeout(60)
class ProgrammaticTest {

    static class Built {
        @RegisterExtension
        static final MockStagingExtension MOCK = MockStagingExtension.builder()
                .scenario("agent-error")
                .welcomeForm(WelcomeForm.CONNECTION_ESTABLISHED)
                .settings(WebSocketSettings.builder().heartbeatInterval(Duration.ofSeconds(7)).build())
                .bypassKey("programmatic-key")
                .customize(server -> server.healthConfig(false))
                .build();

        @Test
        void everyChoiceIsTheServers(MockStagingServer server, Target target) {
            assertThat(server.settings().heartbeatInterval()).isEqualTo(Duration.ofSeconds(7));
            assertThat(target.httpClient().health(Duration.ofSeconds(5)).json().has("config")).isFalse();
            try (AgentSocket socket = AgentSocket.connect(target, "built@understudy.test", Duration.ofSeconds(5))) {
                assertThat(socket.awaitWelcome(Duration.ofSeconds(5)).type()).isEqualTo("connection_established");
                socket.startRun("anything");
                AgentRun run = socket.collectRun(Duration.ofSeconds(5), Duration.ofSeconds(10));
                assertThat(run.terminal().orElseThrow().type()).isEqualTo("agent_error");
            }
            HttpReply auth = target.httpClient().post("/auth/e2e/test-auth", Map.of("X-E2E-Bypass-Key", "programmatic-key"),
                    Map.of("email", "built@understudy.test"), Duration.ofSeconds(5));
            assertThat(auth.status()).isEqualTo(200);
        }
    }

    @MockStagingTest(scenario = "agent-error", welcome = WelcomeForm.CONNECTION_ESTABLISHED, bypassKey = "annotated-key")
    static class Annotated {
        @Test
        void everyAttributeIsTheServers(Target target) {
            try (AgentSocket socket = AgentSocket.connect(target, "annotated@understudy.test", Duration.ofSeconds(5))) {
                assertThat(socket.awaitWelcome(Duration.ofSeconds(5)).type()).isEqualTo("connection_established");
                socket.startRun("anything");
                assertThat(socket.collectRun(Duration.ofSeconds(5), Duration.ofSeconds(10)).terminal().orElseThrow().type())
                        .isEqualTo("agent_error");
            }
            HttpReply auth = target.httpClient().post("/auth/e2e/test-auth", Map.of("X-E2E-Bypass-Key", "annotated-key"),
                    Map.of("email", "annotated@understudy.test"), Duration.ofSeconds(5));
            assertThat(auth.status()).isEqualTo(200);
        }
    }

    @Test
    void theBuildersScenarioWelcomeSettingsKeyAndCustomizationReachTheServer() {
        EngineExecutionResults results = Kit.run(Map.of(), Built.class);
        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void theAnnotationsAttributesReachTheServer() {
        EngineExecutionResults results = Kit.run(Map.of(), Annotated.class);
        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }
}
