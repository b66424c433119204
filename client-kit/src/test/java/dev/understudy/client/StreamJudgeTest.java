package dev.understudy.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.understudy.client.RunFrames.event;
import static dev.understudy.client.RunFrames.validRun;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class StreamJudgeTest {

    private static final RunExpectation EXPECT = RunExpectation.builder()
            .userId(RunFrames.USER).threadId(RunFrames.THREAD).runId(RunFrames.RUN).build();

    private static List<Violation> judge(RunFrames run) {
        return StreamJudge.judge(run.frames(), EXPECT);
    }

    private static List<Violation> judge(List<Frame> frames) {
        return StreamJudge.judge(frames, EXPECT);
    }

    private static List<StreamRule> rules(List<Violation> violations) {
        return violations.stream().map(Violation::rule).toList();
    }

    @Nested
    class ValidRuns {

        @Test
        void aContractValidRunHasNoViolations() {
            assertThat(judge(validRun())).isEmpty();
        }

        @Test
        void aRunEndingInAgentErrorIsValid() {
            assertThat(judge(RunFrames.failedRun())).isEmpty();
        }

        @Test
        void idsAreLearntFromTheFirstEventWhenNoneAreExpected() {
            assertThat(StreamJudge.judge(validRun().frames(), RunExpectation.contractOnly())).isEmpty();
        }

        @Test
        void interleavedNonEventFramesAreIgnored() {
            List<Frame> frames = new ArrayList<>(validRun().frames());
            frames.add(0, Frame.of("{\"type\":\"system_message\",\"data\":{\"event\":\"connection_established\","
                    + "\"user_id\":\"" + RunFrames.USER + "\"},\"timestamp\":1.0}"));
            frames.add(3, Frame.of("{\"type\":\"pong\",\"data\":{\"timestamp\":2.0,\"user_id\":\"" + RunFrames.USER
                    + "\"},\"timestamp\":2.0}"));
            frames.add(5, Frame.of("{\"type\":\"heartbeat\",\"data\":{\"connection_id\":\"c1\"},\"timestamp\":3.0}"));
            frames.add(7, Frame.of("{\"type\":\"ack\",\"received_type\":\"x\",\"status\":\"acknowledged\","
                    + "\"user_id\":\"" + RunFrames.USER + "\",\"timestamp\":4.0}"));

            assertThat(judge(frames)).isEmpty();
        }

        @Test
        void aRunWithoutToolsOrPartialsIsValid() {
            RunFrames run = validRun();
            run.remove(run.indexOf("tool_completed")).remove(run.indexOf("tool_executing"));
            for (int i = 0; i < 3; i++) {
                run.remove(run.indexOf("partial_result"));
            }
            assertThat(judge(run)).isEmpty();
        }
    }

    @Nested
    class Order {

        @Test
        void aRunNotStartingWithAgentStartedIsFlaggedAtItsFirstEvent() {
            RunFrames run = validRun();
            run.remove(0);

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.START);
            assertThat(violations.get(0).frameIndex()).isZero();
            assertThat(violations.get(0).message()).contains("agent_thinking").contains("never came");
        }

        @Test
        void agentStartedAfterAnotherEventIsFlagged() {
            RunFrames run = validRun();
            ObjectNode started = run.at(0);
            run.remove(0).insert(1, started);

            assertThat(rules(judge(run))).containsExactly(StreamRule.START);
        }

        @Test
        void aSecondAgentStartedIsFlaggedAsDuplicate() {
            List<Violation> violations = judge(validRun().duplicate(0));

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.SINGLE_START);
            assertThat(violations.get(0).frameIndex()).isEqualTo(1);
        }

        @Test
        void aRunWithoutTerminalEventIsFlagged() {
            RunFrames run = validRun();
            run.remove(run.size() - 1);

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.END);
            assertThat(violations.get(0).message()).contains("tool_completed last");
        }

        @Test
        void anEventAfterTheTerminalIsFlagged() {
            RunFrames run = validRun();
            run.add(event("agent_thinking", Map.of("reasoning", "after the end")));

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.END);
            assertThat(violations.get(0).frameIndex()).isEqualTo(run.size() - 1);
        }

        @Test
        void aDuplicatedTerminalIsFlagged() {
            RunFrames run = validRun();
            run.duplicate(run.size() - 1);

            assertThat(rules(judge(run))).containsExactly(StreamRule.SINGLE_END);
        }

        @Test
        void bothCompletedAndErrorIsFlagged() {
            RunFrames run = validRun();
            run.add(event("agent_error", Map.of("error", "late", "error_code", "X")));

            assertThat(rules(judge(run))).containsExactly(StreamRule.SINGLE_END);
        }

        @Test
        void aToolBeforeAnyThinkingIsFlagged() {
            RunFrames run = validRun();
            run.remove(run.indexOf("agent_thinking"));

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.THINKING);
            assertThat(violations.get(0).frameIndex()).isEqualTo(run.indexOf("tool_executing"));
        }

        @Test
        void aRunWithNoThinkingAtAllIsFlagged() {
            RunFrames run = validRun();
            run.remove(run.indexOf("agent_thinking"))
                    .remove(run.indexOf("tool_completed")).remove(run.indexOf("tool_executing"));

            assertThat(rules(judge(run))).containsExactly(StreamRule.THINKING);
        }

        @Test
        void noRunEventsAtAllIsOneMissingEventViolation() {
            List<Violation> violations = judge(List.of(Frame.of("{\"type\":\"pong\",\"timestamp\":1.0}")));

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.MISSING);
            assertThat(violations.get(0).frameIndex()).isEqualTo(-1);
        }
    }

    @Nested
    class Tools {

        @Test
        void aLostToolCompletedLeavesAnUnpairedExecuting() {
            RunFrames run = validRun();
            int executing = run.indexOf("tool_executing");
            run.remove(run.indexOf("tool_completed"));

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.TOOL_PAIRING);
            assertThat(violations.get(0).frameIndex()).isEqualTo(executing);
            assertThat(violations.get(0).message()).contains("cost_analyzer").contains("found none");
        }

        @Test
        void aToolCompletedWithoutExecutingIsFlagged() {
            RunFrames run = validRun();
            run.remove(run.indexOf("tool_executing"));

            assertThat(rules(judge(run))).containsExactly(StreamRule.TOOL_PAIRING);
        }

        @Test
        void aToolCompletedBeforeItsExecutingIsFlagged() {
            RunFrames run = validRun();
            int executing = run.indexOf("tool_executing");
            ObjectNode completed = run.at(executing + 1);
            run.remove(executing + 1).insert(executing, completed);

            assertThat(rules(judge(run))).contains(StreamRule.TOOL_PAIRING);
        }

        @Test
        void aToolCompletedForAnotherToolIsFlagged() {
            RunFrames run = validRun();
            run.at(run.indexOf("tool_completed")).put("tool_name", "price_lookup");

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.TOOL_PAIRING);
            assertThat(violations.get(0).message()).contains("'cost_analyzer'").contains("'price_lookup'");
        }

        @Test
        void nestedToolsAreFlagged() {
            RunFrames run = validRun();
            int executing = run.indexOf("tool_executing");
            run.insert(executing + 1, event("tool_executing", Map.of("tool_name", "inner", "parameters", Map.of())));
            run.insert(executing + 2, event("tool_completed", Map.of("tool_name", "inner", "results", Map.of(),
                    "success", true)));

            assertThat(rules(judge(run))).contains(StreamRule.TOOL_PAIRING);
        }

        @Test
        void twoToolsOneAfterTheOtherAreFine() {
            RunFrames run = validRun();
            int completed = run.indexOf("tool_completed");
            run.insert(completed + 1, event("tool_executing", Map.of("tool_name", "price_lookup",
                    "parameters", Map.of("sku", "e2"))));
            run.insert(completed + 2, event("tool_completed", Map.of("tool_name", "price_lookup",
                    "results", Map.of("usd", 1), "success", true)));

            assertThat(judge(run)).isEmpty();
        }

        @Test
        void toolSuccessThatIsNotABooleanIsFlagged() {
            RunFrames run = validRun();
            run.at(run.indexOf("tool_completed")).put("success", "yes");

            assertThat(rules(judge(run))).containsExactly(StreamRule.TOOL_SUCCESS);
        }

        @Test
        void toolParametersThatAreNotAnObjectAreFlagged() {
            RunFrames run = validRun();
            run.at(run.indexOf("tool_executing")).put("parameters", "period=30d");

            assertThat(rules(judge(run))).containsExactly(StreamRule.OWN_FIELDS);
        }
    }

    @Nested
    class Partials {

        @Test
        void aGapInTheSequenceIsFlagged() {
            RunFrames run = validRun();
            run.at(run.indexOf("partial_result") + 1).put("sequence", 2);

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.PARTIAL_SEQUENCE);
            assertThat(violations.get(0).message()).contains("expected partial_result sequence 1, found 2");
        }

        @Test
        void isFinalBeforeTheLastPartialIsFlagged() {
            RunFrames run = validRun();
            run.at(run.indexOf("partial_result")).put("is_final", true);

            assertThat(rules(judge(run))).containsExactly(StreamRule.PARTIAL_SEQUENCE);
        }

        @Test
        void aLastPartialWithoutIsFinalTrueIsFlagged() {
            RunFrames run = validRun();
            run.at(run.indexOf("partial_result") + 2).put("is_final", false);

            assertThat(rules(judge(run))).containsExactly(StreamRule.PARTIAL_SEQUENCE);
        }

        @Test
        void aSequenceThatIsNotAnIntegerIsAnOwnFieldViolation() {
            RunFrames run = validRun();
            run.at(run.indexOf("partial_result")).put("sequence", "0");

            assertThat(rules(judge(run))).containsExactly(StreamRule.OWN_FIELDS);
        }
    }

    @Nested
    class Fields {

        @Test
        void aMissingTimestampIsFlagged() {
            RunFrames run = validRun();
            run.at(1).remove("timestamp");

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.EVENT_FIELDS);
            assertThat(violations.get(0).frameIndex()).isEqualTo(1);
        }

        @Test
        void aTimestampThatIsAStringIsFlagged() {
            RunFrames run = validRun();
            run.at(1).put("timestamp", "2026-01-01T00:00:00Z");

            assertThat(rules(judge(run))).containsExactly(StreamRule.EVENT_FIELDS);
        }

        @Test
        void aPartialResultMarkedCriticalIsFlagged() {
            RunFrames run = validRun();
            run.at(run.indexOf("partial_result")).put("critical", true);

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.CRITICAL);
            assertThat(violations.get(0).message()).contains("expected 'critical' false on partial_result");
        }

        @Test
        void aCriticalEventNotMarkedCriticalIsFlagged() {
            RunFrames run = validRun();
            run.at(run.indexOf("tool_completed")).put("critical", false);

            assertThat(rules(judge(run))).containsExactly(StreamRule.CRITICAL);
        }

        @Test
        void aCriticalFlagThatIsNotABooleanIsFlagged() {
            RunFrames run = validRun();
            run.at(0).put("critical", "true");

            assertThat(rules(judge(run))).containsExactly(StreamRule.CRITICAL);
        }

        @Test
        void aMissingUserIdIsFlagged() {
            RunFrames run = validRun();
            run.at(2).remove("user_id");

            assertThat(rules(judge(run))).containsExactly(StreamRule.USER_ID);
        }

        @Test
        void anEmptyRunIdIsFlagged() {
            RunFrames run = validRun();
            run.at(2).put("run_id", "");

            assertThat(rules(judge(run))).containsExactly(StreamRule.RUN_IDS);
        }

        @Test
        void aMissingThreadIdIsFlagged() {
            RunFrames run = validRun();
            run.at(3).remove("thread_id");

            assertThat(rules(judge(run))).containsExactly(StreamRule.RUN_IDS);
        }

        @Test
        void aMissingAgentNameIsFlagged() {
            RunFrames run = validRun();
            run.at(1).remove("agent_name");

            assertThat(rules(judge(run))).containsExactly(StreamRule.AGENT_NAME);
        }

        @Test
        void aMissingTaskDescriptionIsFlagged() {
            RunFrames run = validRun();
            run.at(0).remove("task_description");

            assertThat(rules(judge(run))).containsExactly(StreamRule.OWN_FIELDS);
        }

        @Test
        void aStatusOtherThanCompletedIsFlagged() {
            RunFrames run = validRun();
            run.at(run.size() - 1).put("status", "success");

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.COMPLETED_STATUS);
            assertThat(violations.get(0).message()).contains("expected status 'completed'").contains("\"success\"");
        }

        @Test
        void aFinalResponseOfOneHundredCharactersIsTooShort() {
            RunFrames run = validRun();
            run.remove(run.size() - 1).add(RunFrames.completed("x".repeat(100)));

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.FINAL_RESPONSE);
            assertThat(violations.get(0).message()).contains("longer than 100").contains("found 100 characters");
        }

        @Test
        void theFinalResponseMinimumIsConfigurable() {
            RunFrames run = validRun();
            run.remove(run.size() - 1).add(RunFrames.completed("Short answer."));
            RunExpectation lenient = RunExpectation.builder().finalResponseLongerThan(5).build();

            assertThat(StreamJudge.judge(run.frames(), lenient)).isEmpty();
            assertThat(rules(judge(run))).containsExactly(StreamRule.FINAL_RESPONSE);
        }

        @Test
        void anAgentErrorWithoutErrorCodeIsFlagged() {
            RunFrames run = RunFrames.failedRun();
            run.at(run.size() - 1).remove("error_code");

            assertThat(rules(judge(run))).containsExactly(StreamRule.ERROR_FIELDS);
        }

        @Test
        void anAgentErrorWithoutErrorIsFlagged() {
            RunFrames run = RunFrames.failedRun();
            run.at(run.size() - 1).put("error", "");

            assertThat(rules(judge(run))).containsExactly(StreamRule.ERROR_FIELDS);
        }
    }

    @Nested
    class NestedForm {

        @Test
        void anEventFieldThatDiffersFromTypeIsFlagged() {
            RunFrames run = validRun();
            run.at(1).put("event", "agent_thought");

            assertThat(rules(judge(run))).containsExactly(StreamRule.NESTED_FORM);
        }

        @Test
        void dataThatIsNotAnObjectIsFlagged() {
            RunFrames run = validRun();
            run.at(1).put("data", "reasoning");

            assertThat(rules(judge(run))).containsExactly(StreamRule.NESTED_FORM);
        }

        @Test
        void dataResultThatDiffersFromFinalResponseIsFlagged() {
            RunFrames run = validRun();
            ((ObjectNode) run.at(run.size() - 1).get("data")).put("result", "something else");

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.NESTED_FORM);
            assertThat(violations.get(0).message()).contains("data.result");
        }

        @Test
        void theNestedFormCanBeWaivedForFlatOnlyServers() {
            RunFrames run = validRun();
            for (int i = 0; i < run.size(); i++) {
                run.at(i).remove("event");
                run.at(i).remove("data");
            }
            RunExpectation flatOnly = RunExpectation.builder().userId(RunFrames.USER).nestedForm(false).build();

            assertThat(StreamJudge.judge(run.frames(), flatOnly)).isEmpty();
            assertThat(rules(judge(run))).containsOnly(StreamRule.NESTED_FORM).hasSize(2 * run.size());
        }
    }

    @Nested
    class Isolation {

        @Test
        void anEventOfAnotherUserIsFlaggedAsForeign() {
            RunFrames run = validRun();
            run.at(3).put("user_id", "e2e-bob");

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.FOREIGN_IDS);
            assertThat(violations.get(0).frameIndex()).isEqualTo(3);
            assertThat(violations.get(0).message()).contains("'e2e-alice'").contains("'e2e-bob'");
        }

        @Test
        void aNonEventFrameCarryingAnotherUsersIdIsFlagged() {
            List<Frame> frames = new ArrayList<>(validRun().frames());
            frames.add(2, Frame.of("{\"type\":\"pong\",\"data\":{\"timestamp\":1.0,\"user_id\":\"e2e-bob\"},"
                    + "\"timestamp\":1.0}"));

            List<Violation> violations = judge(frames);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.FOREIGN_IDS);
            assertThat(violations.get(0).message()).contains("data.user_id");
        }

        @Test
        void anEventOfAnotherThreadIsFlagged() {
            RunFrames run = validRun();
            run.at(4).put("thread_id", "thread_other");

            assertThat(rules(judge(run))).containsExactly(StreamRule.FOREIGN_IDS);
        }

        @Test
        void aRunIdThatChangesWithinTheRunIsFlaggedWithoutAnExpectation() {
            RunFrames run = validRun();
            run.at(5).put("run_id", "run_2");

            List<Violation> violations = StreamJudge.judge(run.frames(), RunExpectation.contractOnly());

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.FOREIGN_IDS);
            assertThat(violations.get(0).message()).contains("from frame 0");
        }

        @Test
        void idsOtherThanTheExpectedOnesAreFlaggedOnEveryEvent() {
            RunFrames run = validRun();
            RunExpectation other = RunExpectation.builder().threadId("thread_sent_by_the_test").build();

            assertThat(StreamJudge.judge(run.frames(), other))
                    .extracting(Violation::rule).containsOnly(StreamRule.FOREIGN_IDS).hasSize(run.size());
        }
    }

    @Nested
    class DuplicatesAndMissing {

        @Test
        void aDuplicatedThinkingEventIsFlagged() {
            RunFrames run = validRun();
            int thinking = run.indexOf("agent_thinking");
            run.duplicate(thinking);
            run.at(thinking + 1).put("timestamp", run.at(thinking).get("timestamp").asDouble() + 0.5);

            List<Violation> violations = judge(run);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.DUPLICATE);
            assertThat(violations.get(0).frameIndex()).isEqualTo(thinking + 1);
        }

        @Test
        void twoDifferentThinkingEventsAreNotDuplicates() {
            RunFrames run = validRun();
            run.insert(run.indexOf("agent_thinking") + 1, event("agent_thinking", Map.of("reasoning", "More.")));

            assertThat(judge(run)).isEmpty();
        }

        @Test
        void aRequiredEventTypeThatNeverCameIsFlagged() {
            RunFrames run = validRun();
            run.remove(run.indexOf("tool_completed")).remove(run.indexOf("tool_executing"));
            RunExpectation needsTool = RunExpectation.builder().requireTypes("tool_executing").build();

            List<Violation> violations = StreamJudge.judge(run.frames(), needsTool);

            assertThat(violations).extracting(Violation::rule).containsExactly(StreamRule.MISSING);
            assertThat(violations.get(0).message()).isEqualTo("expected at least one tool_executing, found none");
        }

        @Test
        void aFrameThatIsNotJsonIsFlaggedAsMalformed() {
            List<Frame> frames = new ArrayList<>(validRun().frames());
            frames.set(3, Frame.of("{\"type\":\"partial_result\",\"content\":"));

            List<Violation> violations = judge(frames);

            assertThat(violations).extracting(Violation::rule).contains(StreamRule.MALFORMED);
            assertThat(violations.stream().filter(v -> v.rule().equals(StreamRule.MALFORMED)).findFirst()
                    .orElseThrow().frameIndex()).isEqualTo(3);
        }

        @Test
        void aJsonFrameWithoutAStringTypeIsFlaggedAsMalformed() {
            List<Frame> frames = new ArrayList<>(validRun().frames());
            frames.add(1, Frame.of("[1,2,3]"));
            frames.add(2, Frame.of("{\"type\":7}"));

            assertThat(judge(frames)).extracting(Violation::rule)
                    .containsExactly(StreamRule.MALFORMED, StreamRule.MALFORMED);
        }
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        RunFrames run = validRun();
        run.remove(0);                                                // no agent_started
        run.at(0).put("critical", false);                             // thinking not critical
        run.at(1).put("sequence", 5);                                 // partial out of sequence
        run.remove(run.indexOf("tool_completed"));                    // lost tool_completed
        run.at(run.size() - 1).put("status", "done");                 // wrong status
        run.at(run.size() - 1).put("user_id", "e2e-mallory");         // foreign user

        assertThat(rules(judge(run))).containsExactlyInAnyOrder(
                StreamRule.START, StreamRule.CRITICAL, StreamRule.PARTIAL_SEQUENCE,
                StreamRule.TOOL_PAIRING, StreamRule.COMPLETED_STATUS, StreamRule.FOREIGN_IDS);
    }

    @Test
    void isEventRecognisesOnlyRunEvents() {
        assertThat(StreamJudge.isEvent(Frame.of("{\"type\":\"agent_started\"}"))).isTrue();
        assertThat(StreamJudge.isEvent(Frame.of("{\"type\":\"pong\"}"))).isFalse();
        assertThat(StreamJudge.isEvent(Frame.of("not json"))).isFalse();
    }
}
