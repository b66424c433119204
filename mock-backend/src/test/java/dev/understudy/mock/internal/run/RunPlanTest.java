package dev.understudy.mock.internal.run;

import dev.understudy.mock.Scenario;
import dev.understudy.mock.fault.Fault;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunPlanTest {

    final Scenario scenario = Scenario.defaultScenario();

    static List<String> types(List<RunPlan.Planned> plan) {
        return plan.stream().map(p -> p.step().type()).toList();
    }

    @Test
    void noFaultPlaysTheScenarioAsWritten() {
        assertThat(types(RunPlan.plan(scenario, List.of()))).containsExactly("agent_started", "agent_thinking",
                "tool_executing", "tool_completed", "agent_completed");
    }

    @Test
    void omitLeavesTheEventOut() {
        assertThat(types(RunPlan.plan(scenario, List.of(Fault.omit("tool_completed")))))
                .containsExactly("agent_started", "agent_thinking", "tool_executing", "agent_completed");
    }

    @Test
    void duplicateSendsItTwice() {
        assertThat(types(RunPlan.plan(scenario, List.of(Fault.duplicate("agent_thinking")))))
                .containsExactly("agent_started", "agent_thinking", "agent_thinking", "tool_executing",
                        "tool_completed", "agent_completed");
    }

    @Test
    void reorderSwapsTheFirstOfEach() {
        assertThat(types(RunPlan.plan(scenario, List.of(Fault.reorder("tool_executing", "tool_completed")))))
                .containsExactly("agent_started", "agent_thinking", "tool_completed", "tool_executing", "agent_completed");
    }

    @Test
    void failRunReplacesCompletionWithAgentError() {
        List<RunPlan.Planned> plan = RunPlan.plan(scenario, List.of(Fault.failRun("LLM_TIMEOUT")));
        RunPlan.Planned last = plan.get(plan.size() - 1);
        assertThat(last.step().type()).isEqualTo("agent_error");
        assertThat(last.step().fields().get("error_code").asText()).isEqualTo("LLM_TIMEOUT");
    }

    @Test
    void delayAddsToThePause() {
        List<RunPlan.Planned> plan = RunPlan.plan(scenario, List.of(Fault.delayEvent("tool_completed", Duration.ofMillis(300))));
        assertThat(plan.get(3).pauseMs()).isEqualTo(scenario.steps().get(3).after().toMillis() + 300);
    }

    @Test
    void malformedAndEndingsMarkTheEvent() {
        List<RunPlan.Planned> plan = RunPlan.plan(scenario, List.of(Fault.malformed("tool_executing"),
                Fault.closeAfter("agent_thinking", 1011), Fault.stallAfter("tool_completed")));
        assertThat(plan.get(2).malformed()).isTrue();
        assertThat(plan.get(1).then()).isEqualTo(RunPlan.Then.CLOSE);
        assertThat(plan.get(1).closeCode()).isEqualTo(1011);
        assertThat(plan.get(3).then()).isEqualTo(RunPlan.Then.STALL);
        assertThat(RunPlan.plan(scenario, List.of(Fault.dropAfter("agent_started"))).get(0).then())
                .isEqualTo(RunPlan.Then.DROP);
    }

    @Test
    void partialSequencesStayWithTheirEventsWhenDuplicated() {
        List<RunPlan.Planned> plan = RunPlan.plan(Scenario.named("streaming"), List.of(Fault.duplicate("partial_result")));
        List<Integer> seqs = plan.stream().filter(p -> p.step().type().equals("partial_result")).map(RunPlan.Planned::sequence).toList();
        assertThat(seqs).containsExactly(0, 0, 1, 1, 2, 2);
    }
}
