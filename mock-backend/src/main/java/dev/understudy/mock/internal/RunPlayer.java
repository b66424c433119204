package dev.understudy.mock.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.Scenario;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Phase;

import java.util.ArrayList;
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

    /**
     * The ids and text of one run, as the request gave them or as the server made them up, with the envelope
     * members every event of the run shares rendered once.
     */
    public record Run(String threadId, String runId, String agentName, String message, Scenario scenario,
                      String envelope, String agentNameJson, String messageJson) {

        static Run of(String userId, String threadId, String runId, String agentName, String message, Scenario scenario) {
            String agentJson = quote(agentName);
            String envelope = "\"user_id\":" + quote(userId) + ",\"thread_id\":" + quote(threadId)
                    + ",\"run_id\":" + quote(runId) + ",\"agent_name\":" + agentJson;
            return new Run(threadId, runId, agentName, message, scenario, envelope, agentJson,
                    new String(JsonStringEncoder.getInstance().quoteAsString(message)));
        }

        private static String quote(String s) {
            return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
        }
    }

    /** Reads a run request (flat or under {@code payload}) and starts playing it. */
    public static Run start(ServerContext ctx, Connection conn, JsonNode request) {
        JsonNode payload = request.path("payload").isObject() ? request.get("payload") : request;
        String message = firstText(payload, request, "content", "message", "text", "user_request");
        String threadId = firstText(payload, request, "thread_id");
        String runId = firstText(payload, request, "run_id");
        String agent = firstText(payload, request, "agent");
        String scenarioName = firstText(payload, request, "scenario");
        Scenario scenario = ctx.scenario();
        if (scenarioName != null && !scenarioName.equals(scenario.name())) {
            try {
                scenario = Scenario.named(scenarioName);
            } catch (IllegalArgumentException unknown) {
                conn.send(Frames.error("INVALID_MESSAGE", "Unknown scenario '" + scenarioName + "': " + unknown.getMessage()));
                return null;
            }
        }
        Run run = Run.of(conn.userId(),
                threadId != null ? threadId : "thread_" + hex(),
                runId != null ? runId : "run_" + hex(),
                agent != null ? agent : scenario.agentName(),
                message != null ? message : "",
                scenario);
        List<Fault> faults = ctx.faults.armed(Phase.RUN)
                ? ctx.faults.decideAll(Phase.RUN, conn.path(), conn.userId()) : List.of();
        play(conn, run, plan(scenario, faults), 0, partialCount(scenario), false);
        return run;
    }

    /** What to do once an event is sent. */
    enum Then { NEXT, STALL, CLOSE, DROP }

    /** One event as it will be played: the step, its partial sequence, its pause, and the faults on it. */
    record Planned(Scenario.Step step, int sequence, long pauseMs, boolean malformed, Then then, int closeCode) {
        Planned withPause(long ms) {
            return new Planned(step, sequence, ms, malformed, then, closeCode);
        }

        Planned withMalformed() {
            return new Planned(step, sequence, pauseMs, true, then, closeCode);
        }

        Planned withThen(Then t, int code) {
            return new Planned(step, sequence, pauseMs, malformed, t, code);
        }
    }

    /** The scenario's events with the run faults applied: a pure function, unit-tested on its own. */
    static List<Planned> plan(Scenario scenario, List<Fault> faults) {
        List<Planned> plan = new ArrayList<>();
        int seq = 0;
        for (Scenario.Step step : scenario.steps()) {
            int s = step.type().equals("partial_result") ? seq++ : -1;
            plan.add(new Planned(step, s, step.after().toMillis(), false, Then.NEXT, 0));
        }
        for (Fault f : faults) {
            if (f instanceof Fault.FailRun fail) {
                int last = plan.size() - 1;
                Planned end = plan.get(last);
                if (end.step().type().equals("agent_completed")) {
                    ObjectNode fields = Json.object();
                    fields.put("error", "Injected failure: the agent run failed with " + fail.errorCode());
                    fields.put("error_code", fail.errorCode());
                    plan.set(last, new Planned(new Scenario.Step("agent_error", end.step().after(), fields), -1,
                            end.pauseMs(), false, Then.NEXT, 0));
                }
            } else if (f instanceof Fault.Omit omit) {
                plan.removeIf(p -> p.step().type().equals(omit.event()));
            } else if (f instanceof Fault.Duplicate dup) {
                List<Planned> doubled = new ArrayList<>();
                for (Planned p : plan) {
                    doubled.add(p);
                    if (p.step().type().equals(dup.event())) {
                        doubled.add(p.withPause(0));
                    }
                }
                plan = doubled;
            } else if (f instanceof Fault.Reorder r) {
                int a = indexOf(plan, r.first());
                int b = indexOf(plan, r.second());
                if (a >= 0 && b >= 0) {
                    Planned pa = plan.get(a);
                    Planned pb = plan.get(b);
                    // the events trade places; each place keeps its pause
                    plan.set(a, pb.withPause(pa.pauseMs()));
                    plan.set(b, pa.withPause(pb.pauseMs()));
                }
            } else if (f instanceof Fault.DelayEvent d) {
                plan.replaceAll(p -> p.step().type().equals(d.event()) ? p.withPause(p.pauseMs() + d.delay().toMillis()) : p);
            } else if (f instanceof Fault.Malformed m) {
                plan.replaceAll(p -> p.step().type().equals(m.event()) ? p.withMalformed() : p);
            } else if (f instanceof Fault.StallAfter st) {
                mark(plan, st.event(), Then.STALL, 0);
            } else if (f instanceof Fault.CloseAfter c) {
                mark(plan, c.event(), Then.CLOSE, c.code());
            } else if (f instanceof Fault.DropAfter d) {
                mark(plan, d.event(), Then.DROP, 0);
            }
        }
        return plan;
    }

    private static int indexOf(List<Planned> plan, String type) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).step().type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    private static void mark(List<Planned> plan, String type, Then then, int code) {
        int i = indexOf(plan, type);
        if (i >= 0) {
            plan.set(i, plan.get(i).withThen(then, code));
        }
    }

    /**
     * Sends the plan from {@code index} on, on the connection's IO thread: events without a pause go out in a loop
     * (a run of thousands of unpaced events must not recurse), a pause hands the rest to the IO thread's timer.
     *
     * @param waited whether the pause before {@code index} has already been waited
     */
    private static void play(Connection conn, Run run, List<Planned> plan, int index, int partials, boolean waited) {
        for (int i = index; i < plan.size(); i++) {
            if (!conn.isOpen()) {
                return;
            }
            Planned planned = plan.get(i);
            if (planned.pauseMs() > 0 && !(waited && i == index)) {
                int at = i;
                conn.after(planned.pauseMs(), () -> play(conn, run, plan, at, partials, true));
                return;
            }
            String json = eventText(run, planned.step(), planned.sequence(), partials);
            if (planned.malformed()) {
                conn.send(json.substring(0, json.length() / 2)); // cut mid-object: not valid JSON
            } else {
                conn.send(json);
            }
            switch (planned.then()) {
                case STALL -> {
                    return;
                }
                case CLOSE -> {
                    conn.close(planned.closeCode(), "Injected fault after " + planned.step().type());
                    return;
                }
                case DROP -> {
                    conn.drop();
                    return;
                }
                default -> {
                }
            }
        }
    }

    /**
     * One event frame as text: the flat envelope, the event's own fields, then {@code event} and {@code data} for
     * readers of the nested form. Built from the step's pre-rendered members and the run's pre-rendered ids.
     */
    static String eventText(Run run, Scenario.Step step, int partialSeq, int partials) {
        String type = step.type();
        String members = step.templated() ? step.membersJson().replace(Scenario.MESSAGE, run.messageJson()) : step.membersJson();
        String extras = "";
        if (type.equals("partial_result")) {
            extras = "\"sequence\":" + partialSeq + ",\"is_final\":" + (partialSeq == partials - 1);
        }
        StringBuilder b = new StringBuilder(2 * members.length() + run.envelope().length() + 160);
        b.append("{\"type\":\"").append(type)
                .append("\",\"timestamp\":").append(Times.epochSecondsText())
                .append(",\"critical\":").append(CRITICAL.contains(type))
                .append(',').append(run.envelope());
        member(b, members);
        member(b, extras);
        b.append(",\"event\":\"").append(type).append("\",\"data\":{");
        int open = b.length();
        b.append(members);
        memberAfter(b, open, extras);
        if (type.equals("agent_started") || type.equals("agent_completed")) {
            memberAfter(b, open, "\"agent_name\":" + run.agentNameJson());
        }
        if (type.equals("agent_completed") && step.finalResponseJson() != null) {
            memberAfter(b, open, "\"result\":" + step.finalResponseJson());
        }
        return b.append("}}").toString();
    }

    private static void member(StringBuilder b, String member) {
        if (!member.isEmpty()) {
            b.append(',').append(member);
        }
    }

    private static void memberAfter(StringBuilder b, int objectStart, String member) {
        if (member.isEmpty()) {
            return;
        }
        if (b.length() > objectStart) {
            b.append(',');
        }
        b.append(member);
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
