package dev.understudy.mock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.Scenario;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plays a scenario on one socket: scenario → events → frames, paced on the socket's IO thread (no sleeps).
 */
public final class RunPlayer {

    /** Client frame types that start a run (CONTRACT.md §4). */
    public static final Set<String> RUN_TYPES = Set.of("user_message", "message", "chat_message", "chat",
            "start_agent", "execute_agent", "agent_request");

    private static final Set<String> CRITICAL = Set.of("agent_started", "agent_thinking", "tool_executing",
            "tool_completed", "agent_completed", "agent_error");

    private RunPlayer() {
    }

    /** The ids and text of one run, as the request gave them or as the server made them up. */
    public record Run(String threadId, String runId, String agentName, String message, Scenario scenario) {
    }

    /** Reads a run request (flat or under {@code payload}) and starts playing it. */
    public static Run start(ServerContext ctx, Connection conn, JsonNode request) {
        JsonNode payload = request.path("payload").isObject() ? request.get("payload") : request;
        String message = firstText(payload, request, "content", "message", "text", "user_request");
        String threadId = firstText(payload, request, "thread_id");
        String runId = firstText(payload, request, "run_id");
        String agent = firstText(payload, request, "agent");
        String scenarioName = firstText(payload, request, "scenario");
        Scenario scenario = ctx.scenario;
        if (scenarioName != null && !scenarioName.equals(scenario.name())) {
            try {
                scenario = Scenario.named(scenarioName);
            } catch (IllegalArgumentException unknown) {
                conn.send(Frames.error("INVALID_MESSAGE", "Unknown scenario '" + scenarioName + "': " + unknown.getMessage()));
                return null;
            }
        }
        Run run = new Run(
                threadId != null ? threadId : "thread_" + hex(),
                runId != null ? runId : "run_" + hex(),
                agent != null ? agent : scenario.agentName(),
                message != null ? message : "",
                scenario);
        play(conn, run, 0, partialCount(scenario), 0);
        return run;
    }

    private static void play(Connection conn, Run run, int index, int partials, int partialSeq) {
        List<Scenario.Step> steps = run.scenario().steps();
        if (index >= steps.size() || !conn.isOpen()) {
            return;
        }
        Scenario.Step step = steps.get(index);
        Runnable emit = () -> {
            if (!conn.isOpen()) {
                return;
            }
            int seq = partialSeq;
            ObjectNode frame = eventFrame(conn.userId(), run, step, seq, partials);
            conn.send(frame);
            int nextSeq = step.type().equals("partial_result") ? seq + 1 : seq;
            play(conn, run, index + 1, partials, nextSeq);
        };
        long pause = step.after().toMillis();
        if (pause == 0) {
            conn.onIoThread(emit);
        } else {
            conn.after(pause, emit);
        }
    }

    /** One event frame: the flat envelope plus {@code event}/{@code data} for readers of the nested form. */
    static ObjectNode eventFrame(String userId, Run run, Scenario.Step step, int partialSeq, int partials) {
        String type = step.type();
        ObjectNode own = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (var it = step.fieldsView(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isTextual() && v.asText().contains("{message}")) {
                own.put(f.getKey(), v.asText().replace("{message}", run.message()));
            } else {
                own.set(f.getKey(), v);
            }
        }
        if (type.equals("partial_result")) {
            own.put("sequence", partialSeq);
            own.put("is_final", partialSeq == partials - 1);
        }
        if (type.equals("agent_started") || type.equals("agent_completed")) {
            own.put("agent_name", run.agentName());
        }
        ObjectNode frame = Frames.typed(type);
        frame.put("timestamp", Json.epochSeconds());
        frame.put("critical", CRITICAL.contains(type));
        frame.put("user_id", userId);
        frame.put("thread_id", run.threadId());
        frame.put("run_id", run.runId());
        frame.put("agent_name", run.agentName());
        frame.setAll(own);
        frame.put("event", type);
        ObjectNode data = own.deepCopy();
        if (type.equals("agent_completed")) {
            data.set("result", own.get("final_response"));
        }
        frame.set("data", data);
        return frame;
    }

    private static int partialCount(Scenario s) {
        return (int) s.steps().stream().filter(st -> st.type().equals("partial_result")).count();
    }

    private static String firstText(JsonNode primary, JsonNode secondary, String... keys) {
        for (JsonNode node : new JsonNode[]{primary, secondary}) {
            for (String k : keys) {
                JsonNode v = node.get(k);
                if (v != null && v.isTextual() && !v.asText().isEmpty()) {
                    return v.asText();
                }
            }
        }
        return null;
    }

    static String hex() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE).substring(0, 12);
    }
}
