package dev.understudy.mock.internal.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.EventType;
import dev.understudy.mock.Scenario;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.RunFault;
import dev.understudy.mock.internal.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's events with the run faults applied, as a pure function: each run fault applies itself to the plan
 * (the run wing's {@link RunFault.Injector}), in the order the faults were added. Unit-tested on its own.
 */
public final class RunPlan implements RunFault.Injector {

    /** What to do once an event is sent. */
    public enum Then { NEXT, STALL, CLOSE, DROP }

    /** One event as it will be played: the step, its partial sequence, its pause, and the faults on it. */
    public record Planned(Scenario.Step step, int sequence, long pauseMs, boolean malformed, Then then, int closeCode) {
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

    private List<Planned> plan = new ArrayList<>();

    private RunPlan(Scenario scenario) {
        int seq = 0;
        for (Scenario.Step step : scenario.steps()) {
            int s = step.type().equals(EventType.PARTIAL_RESULT.wireName()) ? seq++ : -1;
            plan.add(new Planned(step, s, step.after().toMillis(), false, Then.NEXT, 0));
        }
    }

    /** The scenario's events with these run faults applied. */
    public static List<Planned> plan(Scenario scenario, List<? extends RunFault> faults) {
        RunPlan p = new RunPlan(scenario);
        for (RunFault f : faults) {
            f.apply(p);
        }
        return p.plan;
    }

    @Override
    public void failRun(Fault.FailRun fail) {
        int last = plan.size() - 1;
        Planned end = plan.get(last);
        if (end.step().type().equals(EventType.AGENT_COMPLETED.wireName())) {
            ObjectNode fields = Json.object();
            fields.put("error", "Injected failure: the agent run failed with " + fail.errorCode());
            fields.put("error_code", fail.errorCode());
            plan.set(last, new Planned(new Scenario.Step(EventType.AGENT_ERROR.wireName(), end.step().after(), fields), -1,
                    end.pauseMs(), false, Then.NEXT, 0));
        }
    }

    @Override
    public void omit(Fault.Omit omit) {
        plan.removeIf(p -> p.step().type().equals(omit.event()));
    }

    @Override
    public void duplicate(Fault.Duplicate dup) {
        List<Planned> doubled = new ArrayList<>();
        for (Planned p : plan) {
            doubled.add(p);
            if (p.step().type().equals(dup.event())) {
                doubled.add(p.withPause(0));
            }
        }
        plan = doubled;
    }

    @Override
    public void reorder(Fault.Reorder r) {
        int a = indexOf(r.first());
        int b = indexOf(r.second());
        if (a >= 0 && b >= 0) {
            Planned pa = plan.get(a);
            Planned pb = plan.get(b);
            // the events trade places; each place keeps its pause
            plan.set(a, pb.withPause(pa.pauseMs()));
            plan.set(b, pa.withPause(pb.pauseMs()));
        }
    }

    @Override
    public void delayEvent(Fault.DelayEvent d) {
        plan.replaceAll(p -> p.step().type().equals(d.event()) ? p.withPause(p.pauseMs() + d.delay().toMillis()) : p);
    }

    @Override
    public void malformed(Fault.Malformed m) {
        plan.replaceAll(p -> p.step().type().equals(m.event()) ? p.withMalformed() : p);
    }

    @Override
    public void stallAfter(Fault.StallAfter st) {
        mark(st.event(), Then.STALL, 0);
    }

    @Override
    public void closeAfter(Fault.CloseAfter c) {
        mark(c.event(), Then.CLOSE, c.code());
    }

    @Override
    public void dropAfter(Fault.DropAfter d) {
        mark(d.event(), Then.DROP, 0);
    }

    private int indexOf(String type) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).step().type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    private void mark(String type, Then then, int code) {
        int i = indexOf(type);
        if (i >= 0) {
            plan.set(i, plan.get(i).withThen(then, code));
        }
    }
}
