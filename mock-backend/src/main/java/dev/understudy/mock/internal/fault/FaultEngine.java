package dev.understudy.mock.internal.fault;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.fault.Phase;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The one place that decides whether a fault strikes now: scope, chance counting, nth, first-N, seeded
 * probability and expiry. Every phase of the server asks it; the Java and HTTP APIs both feed it.
 *
 * <p>Rules of a phase are asked in the order they were added; the first that strikes wins (for runs, every
 * rule that strikes applies). With no rule at all, {@link #decide} is one volatile read.
 */
public final class FaultEngine {

    /** Spent and removed rules kept for listing, so a long run can't grow the heap without limit. */
    static final int RETIRED_KEPT = 200;

    private final Clock clock;
    private final BiConsumer<Duration, Runnable> timer;
    private final Runnable refuseChanged;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final Map<String, FaultRule> retired = new LinkedHashMap<>();
    /** Active rules by phase, rebuilt on every change: the read path takes no lock. */
    private volatile Rule[][] byPhase = emptyPhases();
    private boolean refusing;

    /**
     * @param clock          time, for durations (a fixed clock in tests)
     * @param timer          runs a task after a delay: lets a duration end by itself even with no traffic
     * @param refuseChanged  called (outside the lock) when refusing starts or stops
     */
    public FaultEngine(Clock clock, BiConsumer<Duration, Runnable> timer, Runnable refuseChanged) {
        this.clock = clock;
        this.timer = timer;
        this.refuseChanged = refuseChanged;
    }

    private static Rule[][] emptyPhases() {
        Rule[][] phases = new Rule[Phase.values().length][];
        for (int i = 0; i < phases.length; i++) {
            phases[i] = new Rule[0];
        }
        return phases;
    }

    private final class Rule implements FaultHandle {
        final String id;
        final Fault fault;
        final Scope scope;
        final Schedule schedule;
        final Instant added;
        final SplittableRandom random;
        long chances;
        long hits;
        boolean active = true;

        Rule(String id, Fault fault, Scope scope, Schedule schedule, Instant added) {
            this.id = id;
            this.fault = fault;
            this.scope = scope;
            this.schedule = schedule;
            this.added = added;
            this.random = new SplittableRandom(schedule.seed());
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public FaultRule rule() {
            synchronized (FaultEngine.this) {
                return snapshot();
            }
        }

        FaultRule snapshot() {
            return new FaultRule(id, fault, scope, schedule, added, chances, hits, active);
        }

        @Override
        public void close() {
            remove(id);
        }

        boolean expired(Instant now) {
            return schedule.duration() != null && !now.isBefore(added.plus(schedule.duration()));
        }

        /** Gives the rule one chance; true if it strikes. Caller holds the engine's lock. */
        boolean strike() {
            chances++;
            boolean strikes;
            if (schedule.nth() > 0) {
                strikes = chances == schedule.nth();
            } else {
                strikes = schedule.probability() >= 1 || random.nextDouble() < schedule.probability();
            }
            if (strikes) {
                hits++;
            }
            return strikes;
        }

        boolean spent() {
            return (schedule.times() > 0 && hits >= schedule.times()) || (schedule.nth() > 0 && chances >= schedule.nth());
        }
    }

    /**
     * Adds a rule.
     *
     * @throws IllegalArgumentException when the combination can't work, naming the field: a TCP fault can only
     *                                  have the scope "all" (nothing about the request is known yet), and
     *                                  {@code refuse} can't be counted (nothing listens, so no attempt is seen)
     */
    public FaultHandle add(Fault fault, Scope scope, Schedule schedule) {
        if (fault.phase() == Phase.TCP_CONNECT && !scope.isAll()) {
            throw new IllegalArgumentException("scope: " + fault.kind() + " strikes before any request is read, so it"
                    + " can only have the scope 'all', got " + scope);
        }
        if (fault instanceof Fault.Refuse && schedule.counts()) {
            throw new IllegalArgumentException("schedule: refuse can't be counted (while it is on nothing listens,"
                    + " so no attempt reaches the server); use a duration or remove it, got " + schedule);
        }
        Rule rule;
        boolean refuseNow;
        synchronized (this) {
            rule = new Rule("f" + ids.incrementAndGet(), fault, scope, schedule, clock.instant());
            rules.put(rule.id, rule);
            rebuild();
            refuseNow = refuseStateChanged();
        }
        if (schedule.duration() != null) {
            timer.accept(schedule.duration(), this::expire);
        }
        if (refuseNow) {
            refuseChanged.run();
        }
        return rule;
    }

    /** Removes a rule; false if there is no active rule with that id. */
    public boolean remove(String id) {
        boolean removed;
        boolean refuseNow;
        synchronized (this) {
            Rule rule = rules.remove(id);
            removed = rule != null;
            if (removed) {
                retire(rule);
                rebuild();
            }
            refuseNow = refuseStateChanged();
        }
        if (refuseNow) {
            refuseChanged.run();
        }
        return removed;
    }

    /** Removes every rule and forgets the retired ones. */
    public void reset() {
        boolean refuseNow;
        synchronized (this) {
            rules.values().forEach(r -> r.active = false);
            rules.clear();
            retired.clear();
            rebuild();
            refuseNow = refuseStateChanged();
        }
        if (refuseNow) {
            refuseChanged.run();
        }
    }

    /** Every rule: the active ones, then the most recently spent or removed ones. */
    public synchronized List<FaultRule> list() {
        expireLocked(clock.instant());
        List<FaultRule> out = new ArrayList<>();
        rules.values().forEach(r -> out.add(r.snapshot()));
        out.addAll(retired.values());
        return out;
    }

    /** The rule with this id, active or retired, or null. */
    public synchronized FaultRule get(String id) {
        Rule r = rules.get(id);
        return r != null ? r.snapshot() : retired.get(id);
    }

    /** Whether any rule is active for this phase: lets hot paths skip building the question. */
    public boolean armed(Phase phase) {
        return byPhase[phase.ordinal()].length > 0;
    }

    /** Whether a refuse rule is on. */
    public synchronized boolean refusing() {
        return refusing;
    }

    /** The fault that strikes this chance, or null: the first rule of the phase in scope that strikes. */
    public Fault decide(Phase phase, String path, String user) {
        Rule[] candidates = byPhase[phase.ordinal()];
        if (candidates.length == 0) {
            return null;
        }
        synchronized (this) {
            Instant now = clock.instant();
            for (Rule r : candidates) {
                if (!r.active || r.expired(now) || !r.scope.matches(path, user)) {
                    continue;
                }
                boolean strikes = r.strike();
                if (r.spent()) {
                    rules.remove(r.id);
                    retire(r);
                    rebuild();
                }
                if (strikes) {
                    return r.fault;
                }
            }
            return null;
        }
    }

    /** Every fault of the phase that strikes this chance (for runs, where several combine). */
    public List<Fault> decideAll(Phase phase, String path, String user) {
        Rule[] candidates = byPhase[phase.ordinal()];
        if (candidates.length == 0) {
            return List.of();
        }
        List<Fault> out = new ArrayList<>(2);
        synchronized (this) {
            Instant now = clock.instant();
            boolean changed = false;
            for (Rule r : candidates) {
                if (!r.active || r.expired(now) || !r.scope.matches(path, user)) {
                    continue;
                }
                if (r.strike()) {
                    out.add(r.fault);
                }
                if (r.spent()) {
                    rules.remove(r.id);
                    retire(r);
                    changed = true;
                }
            }
            if (changed) {
                rebuild();
            }
        }
        return out;
    }

    /** Retires rules whose duration is over; called by the timer and before listing. */
    public void expire() {
        boolean refuseNow;
        synchronized (this) {
            expireLocked(clock.instant());
            refuseNow = refuseStateChanged();
        }
        if (refuseNow) {
            refuseChanged.run();
        }
    }

    private void expireLocked(Instant now) {
        boolean changed = false;
        for (var it = rules.values().iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (r.expired(now)) {
                it.remove();
                retire(r);
                changed = true;
            }
        }
        if (changed) {
            rebuild();
        }
    }

    private void retire(Rule r) {
        r.active = false;
        retired.put(r.id, r.snapshot());
        while (retired.size() > RETIRED_KEPT) {
            retired.remove(retired.keySet().iterator().next());
        }
    }

    private void rebuild() {
        List<List<Rule>> lists = new ArrayList<>();
        for (int i = 0; i < Phase.values().length; i++) {
            lists.add(new ArrayList<>());
        }
        rules.values().forEach(r -> lists.get(r.fault.phase().ordinal()).add(r));
        Rule[][] phases = new Rule[lists.size()][];
        for (int i = 0; i < phases.length; i++) {
            phases[i] = lists.get(i).toArray(new Rule[0]);
        }
        byPhase = phases;
    }

    /** True when refusing flipped since the last call; caller holds the lock and runs the callback after. */
    private boolean refuseStateChanged() {
        boolean now = rules.values().stream().anyMatch(r -> r.fault instanceof Fault.Refuse);
        if (now != refusing) {
            refusing = now;
            return true;
        }
        return false;
    }
}
