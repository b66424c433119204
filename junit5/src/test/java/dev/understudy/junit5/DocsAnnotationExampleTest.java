package dev.understudy.junit5;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.WelcomeForm;
import dev.understudy.mock.fault.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// docs/junit.md's "One annotation" example, compiled and run; DocsSnippetsTest checks the page shows this region.
// junit.md:annotation:begin
@MockStagingTest(scenario = "streaming", welcome = WelcomeForm.CONNECTION_ESTABLISHED)
@Timeout(30)
class DocsAnnotationExampleTest {

    @BeforeEach
    void everyTestStartsFromAHealthyServer(MockStagingServer server) {
        assertThat(server.faults()).isEmpty();           // the last test's faults were removed
    }

    @Test
    void theWelcomeHasTheLaterForm(Target target) {
        try (AgentSocket socket = AgentSocket.connect(target, "carol@example.com", Duration.ofSeconds(2))) {
            assertThat(socket.awaitWelcome(Duration.ofSeconds(1)).type()).isEqualTo("connection_established");
        }
    }

    @Test
    @MockOnly("needs a welcome that never comes")
    void aSilentServerIsNamedWelcomeTimeout(MockStagingServer server, Target target) {
        server.inject(Fault.noWelcome());
        try (AgentSocket socket = AgentSocket.connect(target, "dave@example.com", Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> socket.awaitWelcome(Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(OutcomeException.class,
                            e -> assertThat(e.outcome()).isInstanceOf(Outcome.WelcomeTimeout.class));
        }
    }
}
// junit.md:annotation:end
