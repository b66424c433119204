package dev.understudy.mock.fault;

import dev.understudy.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultSpecTest {

    static final List<Fault> EVERY_KIND = List.of(Fault.refuse(), Fault.blackhole(), Fault.reset(), Fault.status(503),
            Fault.status(500, "{\"detail\":\"x\"}"), Fault.delay(Duration.ofMillis(20)), Fault.hang(),
            Fault.closeConnection(), Fault.noHealthConfig(), Fault.noWelcome(), Fault.delayWelcome(Duration.ofMillis(20)),
            Fault.close(1011, "boom"), Fault.drop(), Fault.stallAfter("agent_thinking"), Fault.omit("tool_completed"),
            Fault.duplicate("agent_thinking"), Fault.reorder("tool_executing", "tool_completed"),
            Fault.delayEvent("agent_completed", Duration.ofMillis(30)), Fault.malformed("tool_executing"),
            Fault.failRun("LLM_TIMEOUT"), Fault.closeAfter("agent_started", 1013), Fault.dropAfter("agent_thinking"),
            Fault.noPong(), Fault.slowPong(Duration.ofMillis(40)));

    @Test
    void everyKindSurvivesItsJsonForm() {
        assertThat(EVERY_KIND.stream().map(Fault::kind).distinct()).containsExactlyInAnyOrderElementsOf(FaultSpec.KINDS);
        for (Fault fault : EVERY_KIND) {
            FaultSpec spec = new FaultSpec(fault, Scope.user("u"), Schedule.times(3).lasting(Duration.ofSeconds(2)));
            assertThat(FaultSpec.parse(spec.toJson())).as(fault.kind()).isEqualTo(spec);
        }
    }

    @Test
    void flagFormReadsKeyValues() {
        FaultSpec spec = FaultSpec.parseFlag("status:code=503,path=/health|/api/health,times=2");
        assertThat(spec.fault()).isEqualTo(Fault.status(503));
        assertThat(spec.scope().paths()).containsExactlyInAnyOrder("/health", "/api/health");
        assertThat(spec.schedule().times()).isEqualTo(2);
        assertThat(FaultSpec.parseFlag("no-welcome").fault()).isEqualTo(Fault.noWelcome());
        FaultSpec p = FaultSpec.parseFlag("hang:probability=0.25,seed=9,duration_ms=1500");
        assertThat(p.schedule().probability()).isEqualTo(0.25);
        assertThat(p.schedule().seed()).isEqualTo(9);
        assertThat(p.schedule().duration()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> FaultSpec.parseFlag("status")).hasMessageStartingWith("code:");
        assertThatThrownBy(() -> FaultSpec.parseFlag("explode")).hasMessageStartingWith("fault:");
        assertThatThrownBy(() -> FaultSpec.parseFlag("omit:event=tool_done")).hasMessageStartingWith("event:");
        assertThatThrownBy(() -> FaultSpec.parseFlag("delay:delay_ms=0")).hasMessageStartingWith("delay_ms:");
        assertThatThrownBy(() -> FaultSpec.parseFlag("hang:probability=1.5")).hasMessageStartingWith("probability:");
        assertThatThrownBy(() -> FaultSpec.parseFlag("hang:path=health")).hasMessageStartingWith("path:");
        assertThatThrownBy(() -> FaultSpec.parseFlag("hang:colour=red")).hasMessageStartingWith("colour:");
        assertThatThrownBy(() -> FaultSpec.parseFlag("close:code=1006")).hasMessageStartingWith("code:");
        assertThatThrownBy(() -> FaultSpec.parseAll("[{\"fault\":\"hang\"},{\"fault\":\"status\"}]", "f.json"))
                .hasMessageStartingWith("f.json: faults[1].code:");
    }

    @Test
    void everyPresetOfFaultsMdIsAFixtureThatParses() {
        assertThat(Fixtures.names(Fixtures.PRESETS)).containsExactlyInAnyOrder("local-service-down", "welcome-timeout",
                "backend-outage-503", "handshake-500", "deployment-gap", "missing-config", "lost-critical-event", "cold-start",
                "handshake-hang");
        for (String name : Fixtures.names(Fixtures.PRESETS)) {
            assertThat(FaultSpec.preset(name)).as(name).isNotEmpty();
        }
        assertThat(FaultSpec.preset("cold-start").get(0).schedule().nth()).isEqualTo(1);
    }

    @Test
    void flagFormRefusesARepeatedKeyNamingIt() {
        assertThatThrownBy(() -> FaultSpec.parseFlag("status:code=503,code=500"))
                .hasMessageStartingWith("code: given twice").hasMessageContaining("'status:code=503,code=500'");
        assertThatThrownBy(() -> FaultSpec.parseFlag("status:code=503,path=/health,path=/api/health"))
                .hasMessageStartingWith("path: given twice").hasMessageContaining("path=/a|/b");
        assertThatThrownBy(() -> FaultSpec.parseFlag("status:fault=hang,code=503")).hasMessageStartingWith("fault: given twice");
    }

    @Test
    void flagTakesTheAdminApisJsonObjectToo() {
        FaultSpec spec = FaultSpec.parseFlag(" {\"fault\":\"status\",\"code\":503,\"path\":[\"/health\",\"/api/health\"],\"times\":2}");
        assertThat(spec).isEqualTo(FaultSpec.parseFlag("status:code=503,path=/health|/api/health,times=2"));
        assertThatThrownBy(() -> FaultSpec.parseFlag("{\"fault\":\"status\"}")).hasMessageStartingWith("code: required");
        assertThatThrownBy(() -> FaultSpec.parseFlag("{\"fault\":")).hasMessageStartingWith("the JSON form: expected a JSON object");
    }

    @Test
    void kindsNameEveryFaultWithItsPhaseAndTheFieldsItsJsonCarries() throws Exception {
        assertThat(FaultSpec.kinds()).extracting(FaultSpec.Kind::name).containsExactlyElementsOf(FaultSpec.KINDS);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Fault fault : EVERY_KIND) {
            FaultSpec.Kind kind = FaultSpec.kinds().stream().filter(k -> k.name().equals(fault.kind())).findFirst().orElseThrow();
            assertThat(kind.phase()).as(fault.kind()).isEqualTo(fault.phase());
            var json = mapper.readTree(new FaultSpec(fault, Scope.all(), Schedule.always()).toJson());
            java.util.Set<String> own = new java.util.HashSet<>();
            json.fieldNames().forEachRemaining(own::add);
            own.remove("fault");
            assertThat(kind.fields()).as(fault.kind()).containsAll(own);
        }
        assertThatThrownBy(() -> FaultSpec.kinds().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
