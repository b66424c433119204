package dev.understudy.mock.internal.fault;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.Phase;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.internal.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultEngineTest {

    /** A clock the test moves by hand. */
    final ManualClock clock = new ManualClock();
    final List<Runnable> timers = new ArrayList<>();
    final AtomicInteger refuseFlips = new AtomicInteger();
    final FaultEngine engine = new FaultEngine(clock, (d, task) -> timers.add(task), refuseFlips::incrementAndGet);

    List<Boolean> strikes(Phase phase, String path, String user, int chances) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < chances; i++) {
            out.add(engine.decide(phase, path, user) != null);
        }
        return out;
    }

    @Test
    void noRuleMeansNothingStrikesAndNothingIsArmed() {
        assertThat(engine.armed(Phase.HTTP_REQUEST)).isFalse();
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/health", null)).isNull();
    }

    @Test
    void alwaysStrikesUntilRemoved() {
        FaultHandle h = engine.add(Fault.status(503), Scope.all(), Schedule.always());
        assertThat(strikes(Phase.HTTP_REQUEST, "/health", null, 5)).containsOnly(true);
        h.close();
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/health", null)).isNull();
        assertThat(engine.armed(Phase.HTTP_REQUEST)).isFalse();
        assertThat(h.rule().active()).isFalse();
        assertThat(h.rule().hits()).isEqualTo(5);
    }

    @Test
    void firstNThenRecovers() {
        FaultHandle h = engine.add(Fault.status(503), Scope.all(), Schedule.times(2));
        assertThat(strikes(Phase.HTTP_REQUEST, "/x", null, 4)).containsExactly(true, true, false, false);
        assertThat(h.rule().active()).isFalse();
        assertThat(h.rule().hits()).isEqualTo(2);
    }

    @Test
    void nthStrikesOnlyThatChance() {
        engine.add(Fault.hang(), Scope.all(), Schedule.nth(3));
        assertThat(strikes(Phase.HTTP_REQUEST, "/x", null, 5)).containsExactly(false, false, true, false, false);
    }

    @Test
    void seededProbabilityReplaysTheSameScheduleAndAnotherSeedDiffers() {
        FaultHandle a = engine.add(Fault.status(500), Scope.all(), Schedule.probability(0.5, 42));
        List<Boolean> first = strikes(Phase.HTTP_REQUEST, "/x", null, 64);
        a.close();
        FaultHandle b = engine.add(Fault.status(500), Scope.all(), Schedule.probability(0.5, 42));
        List<Boolean> replay = strikes(Phase.HTTP_REQUEST, "/x", null, 64);
        b.close();
        engine.add(Fault.status(500), Scope.all(), Schedule.probability(0.5, 7));
        List<Boolean> other = strikes(Phase.HTTP_REQUEST, "/x", null, 64);
        assertThat(replay).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first).contains(true, false);
    }

    @Test
    void durationRevertsByItself() {
        FaultHandle h = engine.add(Fault.status(503), Scope.all(), Schedule.always().lasting(Duration.ofMillis(500)));
        assertThat(timers).hasSize(1);
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/x", null)).isNotNull();
        clock.advance(Duration.ofMillis(500));
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/x", null)).isNull();
        timers.forEach(Runnable::run);
        assertThat(h.rule().active()).isFalse();
        assertThat(engine.armed(Phase.HTTP_REQUEST)).isFalse();
    }

    @Test
    void scopeByPathAndByUser() {
        engine.add(Fault.status(503), Scope.paths("/health"), Schedule.always());
        engine.add(Fault.status(500), Scope.user("alice"), Schedule.always());
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/health", null)).isEqualTo(Fault.status(503));
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/ws", "bob")).isNull();
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/ws", "alice")).isEqualTo(Fault.status(500));
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/ws", null)).isNull();
    }

    @Test
    void outOfScopeRequestsAreNotCountedAsChances() {
        FaultHandle h = engine.add(Fault.status(503), Scope.user("alice"), Schedule.nth(2));
        engine.decide(Phase.HTTP_REQUEST, "/ws", "bob");
        engine.decide(Phase.HTTP_REQUEST, "/ws", "alice");
        engine.decide(Phase.HTTP_REQUEST, "/ws", "bob");
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/ws", "alice")).isNotNull();
        assertThat(h.rule().chances()).isEqualTo(2);
    }

    @Test
    void firstAddedRuleThatStrikesWins() {
        engine.add(Fault.status(503), Scope.all(), Schedule.times(1));
        engine.add(Fault.status(500), Scope.all(), Schedule.always());
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/x", null)).isEqualTo(Fault.status(503));
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/x", null)).isEqualTo(Fault.status(500));
    }

    @Test
    void phasesDoNotSeeEachOthersRules() {
        engine.add(Fault.noWelcome(), Scope.all(), Schedule.always());
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/ws", "u")).isNull();
        assertThat(engine.decide(Phase.AFTER_UPGRADE, "/ws", "u")).isEqualTo(Fault.noWelcome());
    }

    @Test
    void runFaultsCombine() {
        engine.add(Fault.omit("tool_completed"), Scope.all(), Schedule.always());
        engine.add(Fault.delayEvent("agent_thinking", Duration.ofMillis(5)), Scope.all(), Schedule.times(1));
        assertThat(engine.decideAll(Phase.RUN, "/ws", "u")).hasSize(2);
        assertThat(engine.decideAll(Phase.RUN, "/ws", "u")).containsExactly(Fault.omit("tool_completed"));
    }

    @Test
    void refuseCanOnlyBeTimedAndFlipsTheListener() {
        assertThatThrownBy(() -> engine.add(Fault.refuse(), Scope.all(), Schedule.times(2)))
                .hasMessageStartingWith("schedule:");
        FaultHandle h = engine.add(Fault.refuse(), Scope.all(), Schedule.always());
        assertThat(engine.refusing()).isTrue();
        assertThat(refuseFlips).hasValue(1);
        h.close();
        assertThat(engine.refusing()).isFalse();
        assertThat(refuseFlips).hasValue(2);
    }

    @Test
    void timedRefuseEndsByItself() {
        engine.add(Fault.refuse(), Scope.all(), Schedule.always().lasting(Duration.ofMillis(100)));
        assertThat(engine.refusing()).isTrue();
        clock.advance(Duration.ofMillis(100));
        timers.forEach(Runnable::run);
        assertThat(engine.refusing()).isFalse();
        assertThat(refuseFlips).hasValue(2);
    }

    @Test
    void tcpFaultsTakeOnlyTheWholeScope() {
        assertThatThrownBy(() -> engine.add(Fault.blackhole(), Scope.paths("/ws"), Schedule.always()))
                .hasMessageStartingWith("scope:");
    }

    @Test
    void resetRemovesEverything() {
        engine.add(Fault.status(503), Scope.all(), Schedule.always());
        engine.add(Fault.refuse(), Scope.all(), Schedule.always());
        engine.reset();
        assertThat(engine.list()).isEmpty();
        assertThat(engine.refusing()).isFalse();
        assertThat(engine.decide(Phase.HTTP_REQUEST, "/x", null)).isNull();
    }

    @Test
    void retiredRulesAreBounded() {
        for (int i = 0; i < FaultEngine.RETIRED_KEPT + 50; i++) {
            engine.add(Fault.status(503), Scope.all(), Schedule.times(1));
            engine.decide(Phase.HTTP_REQUEST, "/x", null);
        }
        assertThat(engine.list()).hasSize(FaultEngine.RETIRED_KEPT);
    }
}
