package dev.understudy.junit5;

import dev.understudy.client.AgentRun;
import dev.understudy.client.AgentSocket;
import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.RunRequest;
import dev.understudy.client.StreamJudge;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// The README's "In a JUnit test" example, compiled and run; SnippetsTest checks the README shows exactly this region.
// README:begin
@MockStagingTest                 // a fresh mock per class; -Dcontract.target=staging points it at staging
@Timeout(30)
class ReadmeExampleTest {

    @Test
    void aRunIsJudgedClean(Target target) {
        try (AgentSocket socket = AgentSocket.connect(target, "alice@example.com", Duration.ofSeconds(2))) {
            socket.awaitWelcome(Duration.ofSeconds(1));
            RunRequest request = socket.startRun("Why did my cloud bill go up?");
            AgentRun run = socket.collectRun(Duration.ofSeconds(1), Duration.ofSeconds(5));
            assertThat(StreamJudge.judge(run.frames(), socket.expectationFor(request).build())).isEmpty();
        }
    }

    @Test
    @MockOnly("injects a fault")     // skipped, with this reason, against staging
    void anOutageIsNamed(MockStagingServer server, Target target) {
        server.inject(Fault.status(503), Scope.webSocket());              // removed again after the test
        assertThatThrownBy(() -> AgentSocket.connect(target, "bob@example.com", Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(OutcomeException.class,
                        e -> assertThat(e.outcome()).isInstanceOf(Outcome.ServiceUnavailable.class));
    }
}
// README:end
