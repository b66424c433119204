package dev.understudy.mock;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {

    @Test
    void builtInScenariosLoadAndTheDefaultIsFastAndHasOneTool() {
        Scenario def = Scenario.defaultScenario();
        assertThat(def.steps()).extracting(Scenario.Step::type).containsExactly("agent_started", "agent_thinking",
                "tool_executing", "tool_completed", "agent_completed");
        assertThat(def.totalPacing()).isLessThan(Duration.ofMillis(100));
        for (String name : new String[]{"streaming", "agent-error", "two-tools"}) {
            assertThat(Scenario.named(name).name()).isEqualTo(name);
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Scenario.resolve("nope")).hasMessageContaining("default").hasMessageContaining("streaming");
    }

    @Test
    void badFilesNameTheFieldThatIsWrong() {
        assertThatThrownBy(() -> Scenario.parse("{\"name\":\"x\",\"agent_name\":\"a\",\"events\":[]}", "t"))
                .hasMessageContaining("events");
        assertThatThrownBy(() -> Scenario.parse("""
                {"name":"x","agent_name":"a","events":[{"type":"agent_thinking","reasoning":"r"},
                 {"type":"agent_completed","final_response":"f"}]}""", "t"))
                .hasMessageContaining("events[0].type");
        assertThatThrownBy(() -> Scenario.parse("""
                {"name":"x","agent_name":"a","events":[{"type":"agent_started","task_description":"t"},
                 {"type":"tool_executing","tool_name":"a","parameters":{}},
                 {"type":"tool_completed","tool_name":"b","results":{}},
                 {"type":"agent_completed","final_response":"f"}]}""", "t"))
                .hasMessageContaining("events[2].tool_name");
        assertThatThrownBy(() -> Scenario.parse("""
                {"name":"x","agent_name":"a","events":[{"type":"agent_started","task_description":"t","after_ms":-1},
                 {"type":"agent_completed","final_response":"f"}]}""", "t"))
                .hasMessageContaining("after_ms");
        assertThatThrownBy(() -> Scenario.parse("""
                {"name":"x","agent_name":"a","events":[{"type":"agent_started","task_description":"t"},
                 {"type":"agent_dancing"},{"type":"agent_completed","final_response":"f"}]}""", "t"))
                .hasMessageContaining("events[1].type");
        assertThatThrownBy(() -> Scenario.parse("[]", "t")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> Scenario.parse("""
                {"name":"x","agent_name":"a","events":[{"type":"agent_started","task_description":"t","run_id":"r"},
                 {"type":"agent_completed","final_response":"f"}]}""", "t"))
                .hasMessageContaining("events[0].run_id");
    }

    @Test
    void stepsCannotBeChangedFromOutside() {
        Scenario s = Scenario.defaultScenario();
        s.steps().get(1).fields().put("reasoning", "changed");
        assertThat(s.steps().get(1).fields().get("reasoning").asText()).isNotEqualTo("changed");
    }

    @Test
    void withPacingReplacesEveryPause() {
        Scenario fast = Scenario.named("streaming").withPacing(Duration.ZERO);
        assertThat(fast.totalPacing()).isEqualTo(Duration.ZERO);
    }
}
