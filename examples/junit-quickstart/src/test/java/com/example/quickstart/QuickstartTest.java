package com.example.quickstart;

import dev.understudy.client.AgentRun;
import dev.understudy.client.AgentSocket;
import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.RunRequest;
import dev.understudy.client.StreamJudge;
import dev.understudy.client.Target;
import dev.understudy.junit5.MockOnly;
import dev.understudy.junit5.MockStagingTest;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a team's first understudy test looks like: one annotation, the server and target as parameters. */
@MockStagingTest
@Timeout(60)
class QuickstartTest {

    @Test
    void theSwitchChoosesTheTarget(Target target) {
        // mvn verify runs this class twice: against the embedded mock, then with -Dcontract.target=staging
        assertThat(target.kind()).isEqualTo(Target.Kind.valueOf(System.getProperty("quickstart.expected-target", "MOCK")));
    }

    @Test
    void healthIsUpAndARunIsJudgedClean(Target target) {
        assertThat(target.httpClient().health(Duration.ofSeconds(5)).status()).isEqualTo(200);
        try (AgentSocket socket = AgentSocket.connect(target, "quickstart@example.com", Duration.ofSeconds(5))) {
            socket.awaitWelcome(Duration.ofSeconds(5));
            RunRequest request = socket.startRun("Why did my cloud bill go up?");
            AgentRun run = socket.collectRun(Duration.ofSeconds(5), Duration.ofSeconds(20));
            assertThat(StreamJudge.judge(run.frames(), socket.expectationFor(request).build())).isEmpty();
        }
    }

    @Test
    @MockOnly("injects a fault")
    void aHangingUpgradeIsNamedHandshakeTimeout(MockStagingServer server, Target target) {
        server.inject(Fault.hang(), Scope.webSocket());
        assertThatThrownBy(() -> AgentSocket.connect(target, "quickstart@example.com", Duration.ofMillis(300)))
                .isInstanceOfSatisfying(OutcomeException.class,
                        e -> assertThat(e.outcome()).isInstanceOf(Outcome.HandshakeTimeout.class));
    }
}
