package dev.understudy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built frames of a contract-valid agent run, for tests to break one rule at a time. */
final class RunFrames {

    static final String USER = "e2e-alice";
    static final String THREAD = "thread_1";
    static final String RUN = "run_1";
    static final String AGENT = "triage_agent";
    static final String ANSWER = "Your cloud spend over the last 30 days was $18,432. Compute Engine accounts for"
            + " about half of it; rightsizing idle VMs could save roughly 20% a month.";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static double clock = 1_700_000_000.0;

    private final List<ObjectNode> nodes = new ArrayList<>();

    private RunFrames() {
    }

    /** started, thinking, three partials, tool executing/completed, completed. */
    static RunFrames validRun() {
        RunFrames run = new RunFrames();
        run.add(event("agent_started", Map.of("task_description", "Triage the request")));
        run.add(event("agent_thinking", Map.of("reasoning", "I will pull last month's costs.")));
        run.add(event("partial_result", Map.of("content", "Your cloud ", "sequence", 0, "is_final", false)));
        run.add(event("partial_result", Map.of("content", "spend was ", "sequence", 1, "is_final", false)));
        run.add(event("partial_result", Map.of("content", "$18,432.", "sequence", 2, "is_final", true)));
        run.add(event("tool_executing", Map.of("tool_name", "cost_analyzer", "parameters", Map.of("period", "30d"))));
        run.add(event("tool_completed", Map.of("tool_name", "cost_analyzer", "results", Map.of("total_usd", 18432.17),
                "success", true)));
        run.add(completed(ANSWER));
        return run;
    }

    /** started, thinking, tool pair, agent_error. */
    static RunFrames failedRun() {
        RunFrames run = new RunFrames();
        run.add(event("agent_started", Map.of("task_description", "Analyze")));
        run.add(event("agent_thinking", Map.of("reasoning", "I need the billing export.")));
        run.add(event("tool_executing", Map.of("tool_name", "reader", "parameters", Map.of())));
        run.add(event("tool_completed", Map.of("tool_name", "reader", "results", Map.of(), "success", true)));
        run.add(event("agent_error", Map.of("error", "The export could not be read.",
                "error_code", "TOOL_EXECUTION_FAILED")));
        return run;
    }

    /** An event frame with the flat and the nested form, ids of the default user/thread/run. */
    static ObjectNode event(String type, Map<String, ?> own) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", type);
        node.put("timestamp", clock += 0.001);
        node.put("critical", !type.equals("partial_result"));
        node.put("user_id", USER);
        node.put("thread_id", THREAD);
        node.put("run_id", RUN);
        node.put("agent_name", AGENT);
        own.forEach((k, v) -> node.set(k, MAPPER.valueToTree(v)));
        node.put("event", type);
        ObjectNode data = MAPPER.valueToTree(own);
        if (type.equals("agent_completed")) {
            data.set("result", node.get("final_response"));
        }
        node.set("data", data);
        return node;
    }

    static ObjectNode completed(String answer) {
        return event("agent_completed", Map.of("status", "completed", "final_response", answer));
    }

    static Frame json(String raw) {
        return Frame.of(raw);
    }

    RunFrames add(ObjectNode node) {
        nodes.add(node);
        return this;
    }

    RunFrames insert(int index, ObjectNode node) {
        nodes.add(index, node);
        return this;
    }

    RunFrames remove(int index) {
        nodes.remove(index);
        return this;
    }

    /** The node at {@code index}, to change in place. */
    ObjectNode at(int index) {
        return nodes.get(index);
    }

    /** The index of the first node of {@code type}. */
    int indexOf(String type) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).path("type").asText().equals(type)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + type);
    }

    RunFrames duplicate(int index) {
        nodes.add(index + 1, nodes.get(index).deepCopy());
        return this;
    }

    List<Frame> frames() {
        return nodes.stream().map(n -> Frame.of((JsonNode) n)).toList();
    }

    int size() {
        return nodes.size();
    }
}
