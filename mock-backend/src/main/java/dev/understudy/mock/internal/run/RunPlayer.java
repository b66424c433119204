package dev.understudy.mock.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.mock.EventType;
import dev.understudy.mock.Scenario;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Phase;
import dev.understudy.mock.fault.RunFault;
import dev.understudy.mock.internal.Ids;
import dev.understudy.mock.internal.fault.FaultEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Plays a scenario on one sink: scenario → plan (with the run faults) → events → frames, paced on the sink's IO
 * thread (no sleeps).
 */
public final class RunPlayer {

    /** Client frame types that start a run (docs/contract.md §4). */
    public static final Set<String> RUN_TYPES = Set.of("user_message", "message", "chat_message", "chat",
            "start_agent", "execute_agent", "agent_request");

    private final Supplier<Scenario> scenario;
    private final FaultEngine engine;

    /** @param scenario the scenario runs play unless a request names another */
    public RunPlayer(Supplier<Scenario> scenario, FaultEngine engine) {
        this.scenario = scenario;
        this.engine = engine;
    }

    /** Reads a run request (flat or under {@code payload}) and starts playing it. */
    public void start(RunSink sink, JsonNode request) {
        JsonNode payload = request.path("payload").isObject() ? request.get("payload") : request;
        String message = firstText(payload, request, "content", "message", "text", "user_request");
        String threadId = firstText(payload, request, "thread_id");
        String runId = firstText(payload, request, "run_id");
        String agent = firstText(payload, request, "agent");
        String scenarioName = firstText(payload, request, "scenario");
        Scenario chosen = scenario.get();
        if (scenarioName != null && !scenarioName.equals(chosen.name())) {
            try {
                chosen = Scenario.named(scenarioName);
            } catch (IllegalArgumentException unknown) {
                sink.refuse("Unknown scenario '" + scenarioName + "': " + unknown.getMessage());
                return;
            }
        }
        EventText.Run run = EventText.Run.of(sink.userId(),
                threadId != null ? threadId : "thread_" + Ids.hex(),
                runId != null ? runId : "run_" + Ids.hex(),
                agent != null ? agent : chosen.agentName(),
                message != null ? message : "",
                chosen);
        List<RunFault> faults = new ArrayList<>(0);
        if (engine.armed(Phase.RUN)) {
            for (Fault f : engine.decideAll(Phase.RUN, sink.path(), sink.userId())) {
                // the engine files a rule under its fault's phase, and every RUN fault is a RunFault
                faults.add((RunFault) f);
                sink.struck(f, f instanceof Fault.Omit omit ? stepBefore(chosen, omit.event()) : null);
            }
        }
        play(sink, run, RunPlan.plan(chosen, faults), 0, partialCount(chosen), false);
    }

    /**
     * Sends the plan from {@code index} on, on the sink's IO thread: events without a pause go out in a loop
     * (a run of thousands of unpaced events must not recurse), a pause hands the rest to the IO thread's timer.
     *
     * @param waited whether the pause before {@code index} has already been waited
     */
    private static void play(RunSink sink, EventText.Run run, List<RunPlan.Planned> plan, int index, int partials,
                             boolean waited) {
        for (int i = index; i < plan.size(); i++) {
            if (!sink.isOpen()) {
                return;
            }
            RunPlan.Planned planned = plan.get(i);
            if (planned.pauseMs() > 0 && !(waited && i == index)) {
                int at = i;
                sink.after(planned.pauseMs(), () -> play(sink, run, plan, at, partials, true));
                return;
            }
            String json = EventText.render(run, planned.step(), planned.sequence(), partials);
            if (planned.malformed()) {
                sink.send(json.substring(0, json.length() / 2)); // cut mid-object: not valid JSON
            } else {
                sink.send(json);
            }
            switch (planned.then()) {
                case STALL -> {
                    return;
                }
                case CLOSE -> {
                    sink.close(planned.closeCode(), "Injected fault after " + planned.step().type());
                    return;
                }
                case DROP -> {
                    sink.drop();
                    return;
                }
                default -> {
                }
            }
        }
    }

    /** The type of the step the scenario plays just before the first {@code type}, or null. */
    private static String stepBefore(Scenario s, String type) {
        String before = null;
        for (Scenario.Step step : s.steps()) {
            if (step.type().equals(type)) {
                return before;
            }
            before = step.type();
        }
        return null;
    }

    private static int partialCount(Scenario s) {
        return (int) s.steps().stream().filter(st -> st.type().equals(EventType.PARTIAL_RESULT.wireName())).count();
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
}
