package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class AgentRunTest {

    static final Set<String> CRITICAL = Set.of("agent_started", "agent_thinking", "tool_executing", "tool_completed",
            "agent_completed", "agent_error");

    static MockStagingServer server;

    @BeforeAll
    static void start() {
        server = MockStagingServer.builder().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<JsonNode> run(MockStagingServer on, String user, Map<String, Object> request) throws Exception {
        try (WsProbe probe = WsProbe.connect(on.webSocketUri(), on.mintToken(user))) {
            probe.next();
            probe.sendJson(request);
            return probe.until("agent_completed", "agent_error");
        }
    }

    static List<String> types(List<JsonNode> frames) {
        return frames.stream().map(f -> f.get("type").asText()).toList();
    }

    @Test
    void defaultRunStreamsFiveEventsInContractOrderWithTheFullEnvelope() throws Exception {
        List<JsonNode> frames = run(server, "runner", Map.of("type", "user_message",
                "payload", Map.of("content", "Why did my cloud bill go up?", "thread_id", "thread-42")));
        assertThat(types(frames)).containsExactly("agent_started", "agent_thinking", "tool_executing",
                "tool_completed", "agent_completed");
        String runId = frames.get(0).get("run_id").asText();
        assertThat(runId).isNotBlank();
        for (JsonNode f : frames) {
            String type = f.get("type").asText();
            assertThat(f.get("timestamp").isNumber()).as(type).isTrue();
            assertThat(f.get("critical").asBoolean()).as(type).isEqualTo(CRITICAL.contains(type));
            assertThat(f.get("user_id").asText()).as(type).isEqualTo("runner");
            assertThat(f.get("thread_id").asText()).as(type).isEqualTo("thread-42");
            assertThat(f.get("run_id").asText()).as(type).isEqualTo(runId);
            assertThat(f.get("agent_name").asText()).as(type).isEqualTo("triage_agent");
            assertThat(f.get("event").asText()).as(type).isEqualTo(type);
            assertThat(f.get("data").isObject()).as(type).isTrue();
        }
        assertThat(frames.get(0).get("task_description").asText()).contains("Why did my cloud bill go up?");
        assertThat(frames.get(1).get("reasoning").asText()).isNotBlank();
        JsonNode executing = frames.get(2);
        JsonNode completed = frames.get(3);
        assertThat(executing.get("tool_name").asText()).isEqualTo(completed.get("tool_name").asText());
        assertThat(executing.get("parameters").isObject()).isTrue();
        assertThat(completed.get("results").isObject()).isTrue();
        assertThat(completed.get("success").asBoolean()).isTrue();
        assertThat(completed.get("data").get("tool_name").asText()).isEqualTo(completed.get("tool_name").asText());
        JsonNode done = frames.get(4);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("final_response").asText()).hasSizeGreaterThan(100);
        assertThat(done.get("data").get("result").asText()).isEqualTo(done.get("final_response").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_message", "message", "chat_message", "chat", "start_agent", "execute_agent", "agent_request"})
    void everyRunTypeStartsARunWithFlatFields(String type) throws Exception {
        List<JsonNode> frames = run(server, "flat-" + type, Map.of("type", type, "text", "hello", "run_id", "run-" + type));
        assertThat(types(frames)).startsWith("agent_started").endsWith("agent_completed");
        assertThat(frames).allSatisfy(f -> assertThat(f.get("run_id").asText()).isEqualTo("run-" + type));
    }

    @Test
    void textWithQuotesNewlinesAndUnicodeSurvivesIntoTheEventsAndIds() throws Exception {
        String tricky = "Why \"this\" bill?\nLine two \\ done \u00e9\u2603 {message}";
        List<JsonNode> frames = run(server, "tricky", Map.of("type", "user_message",
                "payload", Map.of("content", tricky, "thread_id", "thread \"quoted\"")));
        assertThat(frames.get(0).get("task_description").asText()).isEqualTo("Triage the request: " + tricky);
        assertThat(frames.get(0).get("data").get("task_description").asText()).isEqualTo("Triage the request: " + tricky);
        assertThat(frames).allSatisfy(f -> assertThat(f.get("thread_id").asText()).isEqualTo("thread \"quoted\""));
    }

    @Test
    void missingIdsAreMadeUpAndAgentNameIsTakenFromTheRequest() throws Exception {
        List<JsonNode> frames = run(server, "ids", Map.of("type", "start_agent",
                "payload", Map.of("user_request", "optimize", "agent", "custom_agent")));
        assertThat(frames.get(0).get("thread_id").asText()).isNotBlank();
        assertThat(frames.get(0).get("run_id").asText()).isNotBlank();
        assertThat(frames).allSatisfy(f -> assertThat(f.get("agent_name").asText()).isEqualTo("custom_agent"));
    }

    @Test
    void streamingScenarioSendsNumberedPartialResultsWithTheLastFinal() throws Exception {
        try (MockStagingServer streaming = MockStagingServer.builder().scenario("streaming").start()) {
            List<JsonNode> frames = run(streaming, "streamer", Map.of("type", "user_message", "content", "go"));
            List<JsonNode> partials = frames.stream().filter(f -> f.get("type").asText().equals("partial_result")).toList();
            assertThat(partials).hasSize(3);
            for (int i = 0; i < partials.size(); i++) {
                JsonNode p = partials.get(i);
                assertThat(p.get("sequence").asInt()).isEqualTo(i);
                assertThat(p.get("is_final").asBoolean()).isEqualTo(i == partials.size() - 1);
                assertThat(p.get("critical").asBoolean()).isFalse();
                assertThat(p.get("content").asText()).isNotBlank();
                assertThat(p.get("data").get("sequence").asInt()).isEqualTo(i);
            }
            List<String> types = types(frames);
            assertThat(types.indexOf("partial_result")).isGreaterThan(types.indexOf("agent_thinking"));
            assertThat(types.lastIndexOf("partial_result")).isLessThan(types.indexOf("tool_executing"));
        }
    }

    @Test
    void scenarioCanBeChosenPerRequest() throws Exception {
        List<JsonNode> frames = run(server, "chooser", Map.of("type", "user_message", "content", "x", "scenario", "two-tools"));
        assertThat(types(frames)).containsExactly("agent_started", "agent_thinking", "tool_executing", "tool_completed",
                "agent_thinking", "tool_executing", "tool_completed", "agent_completed");
    }

    @Test
    void thousandsOfUnpacedEventsPlayWithoutRecursing() throws Exception {
        StringBuilder events = new StringBuilder("{\"type\":\"agent_started\",\"task_description\":\"t\"}");
        for (int i = 0; i < 5000; i++) {
            events.append(",{\"type\":\"partial_result\",\"content\":\"piece ").append(i).append("\"}");
        }
        events.append(",{\"type\":\"agent_completed\",\"status\":\"completed\",\"final_response\":\"").append("x".repeat(120)).append("\"}");
        Scenario many = Scenario.parse("{\"name\":\"many\",\"agent_name\":\"a\",\"events\":[" + events + "]}", "test")
                .withPacing(java.time.Duration.ZERO);
        try (MockStagingServer fast = MockStagingServer.builder().scenario(many).start()) {
            List<JsonNode> frames = run(fast, "many", Map.of("type", "user_message", "content", "go"));
            assertThat(frames).hasSize(5002);
            assertThat(frames.get(5000).get("sequence").asInt()).isEqualTo(4999);
            assertThat(frames.get(5000).get("is_final").asBoolean()).isTrue();
        }
    }

    @Test
    void agentErrorScenarioEndsWithAgentErrorInsteadOfCompletion() throws Exception {
        try (MockStagingServer failing = MockStagingServer.builder().scenario("agent-error").start()) {
            List<JsonNode> frames = run(failing, "unlucky", Map.of("type", "user_message", "content", "go"));
            JsonNode last = frames.get(frames.size() - 1);
            assertThat(last.get("type").asText()).isEqualTo("agent_error");
            assertThat(last.get("error").asText()).isNotBlank();
            assertThat(last.get("error_code").asText()).isEqualTo("TOOL_EXECUTION_FAILED");
            assertThat(last.get("critical").asBoolean()).isTrue();
            assertThat(types(frames)).doesNotContain("agent_completed");
        }
    }

    @Test
    void concurrentRunsOfSixUsersNeverCrossSockets() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<JsonNode>>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String user = "iso-" + i;
                Callable<List<JsonNode>> task = () -> run(server, user,
                        Map.of("type", "user_message", "payload", Map.of("content", "q", "thread_id", "thread-" + user)));
                results.add(pool.submit(task));
            }
            for (int i = 0; i < 6; i++) {
                List<JsonNode> frames = results.get(i).get(20, TimeUnit.SECONDS);
                String user = "iso-" + i;
                assertThat(frames).hasSize(5);
                assertThat(frames).allSatisfy(f -> {
                    assertThat(f.get("user_id").asText()).isEqualTo(user);
                    assertThat(f.get("thread_id").asText()).isEqualTo("thread-" + user);
                });
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoSocketsOfOneUserEachGetOnlyTheirOwnRun() throws Exception {
        try (WsProbe a = WsProbe.connect(server.webSocketUri(), server.mintToken("twin"));
             WsProbe b = WsProbe.connect(server.webSocketUri(), server.mintToken("twin"))) {
            a.next();
            b.next();
            a.sendJson(Map.of("type", "user_message", "content", "from a", "run_id", "run-a"));
            b.sendJson(Map.of("type", "user_message", "content", "from b", "run_id", "run-b"));
            assertThat(a.until("agent_completed")).allSatisfy(f -> assertThat(f.get("run_id").asText()).isEqualTo("run-a"));
            assertThat(b.until("agent_completed")).allSatisfy(f -> assertThat(f.get("run_id").asText()).isEqualTo("run-b"));
        }
    }
}
