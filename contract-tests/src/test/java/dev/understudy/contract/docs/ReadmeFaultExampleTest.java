package dev.understudy.contract.docs;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README's fault example, compiled and run: alice's next two upgrades get 503, everyone else is served. */
@Timeout(30)
class ReadmeFaultExampleTest {

    static final Duration WAIT = Duration.ofSeconds(2);

    @Test
    void aliceGetsTwo503sWhileBobIsServed() {
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            Target target = Target.mock(server.httpUri(), server.webSocketUri(), server.secret());
            // --- README: "Faults" ---
            try (FaultHandle outage = server.inject(Fault.status(503), Scope.webSocket().andUser("e2e-alice"), Schedule.times(2))) {
                // alice's next two upgrades get 503; everyone else is served
            // --- end ---
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> AgentSocket.connect(target, "e2e-alice", WAIT).close())
                            .isInstanceOfSatisfying(OutcomeException.class, e ->
                                    assertThat(e.outcome()).isInstanceOf(Outcome.ServiceUnavailable.class));
                }
                try (AgentSocket bob = AgentSocket.connect(target, "e2e-bob", WAIT)) {
                    bob.awaitWelcome(WAIT);
                }
                try (AgentSocket alice = AgentSocket.connect(target, "e2e-alice", WAIT)) {
                    alice.awaitWelcome(WAIT); // the third upgrade: the fault is spent
                }
                assertThat(outage.rule().hits()).isEqualTo(2);
                assertThat(outage.rule().active()).isFalse();
            }
        }
    }
}
