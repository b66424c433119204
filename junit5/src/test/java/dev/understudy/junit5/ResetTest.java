package dev.understudy.junit5;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With one server per class, a test's faults, health switch and journal do not reach the next test. */
@Timeout(60)
class ResetTest {

    @MockStagingTest
    @Timeout(30)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Leaky {
        @Test
        @Order(1)
        void breaksEverything(MockStagingServer server, Target target) {
            try (AgentSocket socket = AgentSocket.connect(target, "first@understudy.test", Duration.ofSeconds(5))) {
                socket.awaitWelcome(Duration.ofSeconds(5));
            }
            server.inject(Fault.status(503), Scope.paths("/health"));
            server.inject(Fault.noWelcome());
            server.unhealthy("left broken on purpose");
            assertThat(server.journal().connections()).isNotEmpty();
            assertThat(target.httpClient().health(Duration.ofSeconds(5)).status()).isEqualTo(503);
        }

        @Test
        @Order(2)
        void startsClean(MockStagingServer server, Target target) {
            assertThat(server.faults()).noneMatch(FaultRule::active);
            assertThat(server.journal().connections()).isEmpty();
            assertThat(target.httpClient().health(Duration.ofSeconds(5)).status()).isEqualTo(200);
            try (AgentSocket socket = AgentSocket.connect(target, "second@understudy.test", Duration.ofSeconds(5))) {
                assertThat(AgentSocket.isWelcome(socket.awaitWelcome(Duration.ofSeconds(5)))).isTrue();
            }
        }
    }

    @Test
    void faultsTheHealthSwitchAndTheJournalAreResetBetweenTests() {
        EngineExecutionResults results = Kit.run(Map.of(), Leaky.class);
        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    }
}
