package dev.understudy.bench.server;

import dev.understudy.mock.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(5)
class UnderstudyPeerTest {

    @Test
    void theStreamScenarioHasTheAskedEventsUnpacedAndInContractOrder() {
        Scenario scenario = UnderstudyPeer.streamScenario(12);
        assertThat(scenario.steps()).hasSize(12);
        assertThat(scenario.totalPacing()).isEqualTo(Duration.ZERO);
        assertThat(scenario.steps().get(0).type()).isEqualTo("agent_started");
        assertThat(scenario.steps().get(11).type()).isEqualTo("agent_completed");
        assertThat(scenario.steps().stream().filter(s -> s.type().equals("partial_result"))).hasSize(7);
    }
}
