package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.internal.record.ScenarioDeriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A run recorded through the proxy in front of a differently configured server, derived, and replayed by a fresh mock. */
@Timeout(30)
class RecordReplayTest {

    @TempDir
    Path dir;

    private static final Set<String> IDS = Set.of("user_id", "thread_id", "run_id", "timestamp");

    @Test
    void theReplayHasTheRecordedEventsAndFieldsWithTheNewRunsIds() throws Exception {
        List<JsonNode> recorded;
        try (MockStagingServer staging = MockStagingServer.builder().scenario("drift-staging").start();
             MockStagingServer proxy = MockStagingServer.builder().recordUpstream(RecordUpstream.of(staging.httpUri(), dir)).start();
             WsProbe ws = WsProbe.connect(proxy.webSocketUri("/ws"), staging.mintToken("recorded-user"))) {
            ws.next();
            ws.sendJson(Map.of("type", "user_message", "payload", Map.of("content", "cut my bill", "thread_id", "thread-recorded")));
            recorded = ws.until("agent_completed", "agent_error");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.list(dir).count() == 1);

        ScenarioDeriver.Derived paced = ScenarioDeriver.derive(dir, true);
        ScenarioDeriver.Derived unpaced = ScenarioDeriver.derive(dir, false);
        Scenario scenario = Scenario.parse(paced.json(), "derived");
        assertThat(scenario.steps()).hasSize(recorded.size());
        assertThat(scenario.totalPacing()).isGreaterThanOrEqualTo(Duration.ofMillis(10)); // drift-staging pauses 13 ms
        assertThat(Scenario.parse(unpaced.json(), "unpaced").totalPacing()).isZero();
        assertThat(scenario.steps().get(1).dataOnly().path("trace_id").asText()).isEqualTo("tr-7f3a");
        assertThat(paced.json()).doesNotContain("thread-recorded").doesNotContain("recorded-user");

        Path file = dir.resolve("derived.json");
        Files.writeString(file, paced.json());
        List<JsonNode> replayed;
        try (MockStagingServer replay = MockStagingServer.builder().scenario(Scenario.fromFile(file)).start();
             WsProbe ws = WsProbe.connect(replay.webSocketUri("/ws"), replay.mintToken("replaying-user"))) {
            ws.next();
            ws.sendJson(Map.of("type", "user_message", "payload", Map.of("content", "cut my bill", "thread_id", "thread-new")));
            replayed = ws.until("agent_completed", "agent_error");
        }
        assertThat(replayed).hasSameSizeAs(recorded);
        for (int i = 0; i < recorded.size(); i++) {
            JsonNode was = recorded.get(i);
            JsonNode now = replayed.get(i);
            assertThat(withoutIds(now)).as("event " + i).isEqualTo(withoutIds(was));
            assertThat(now.path("user_id").asText()).isEqualTo("replaying-user");
            assertThat(now.path("thread_id").asText()).isEqualTo("thread-new");
            assertThat(now.path("run_id").asText()).isNotEqualTo(was.path("run_id").asText()).isEqualTo(replayed.get(0).path("run_id").asText());
        }
        assertThat(replayed.get(1).at("/data/trace_id").asText()).isEqualTo("tr-7f3a");
        assertThat(replayed.get(3).path("duration_ms").asInt()).isEqualTo(412);
    }

    @Test
    void everyRunFaultAppliesToADerivedScenario() throws Exception {
        try (MockStagingServer staging = MockStagingServer.builder().scenario("drift-staging").start();
             MockStagingServer proxy = MockStagingServer.builder().recordUpstream(RecordUpstream.of(staging.httpUri(), dir)).start();
             WsProbe ws = WsProbe.connect(proxy.webSocketUri("/ws"), staging.mintToken("recorded-user"))) {
            ws.next();
            ws.sendJson(Map.of("type", "user_message", "content", "x"));
            ws.until("agent_completed", "agent_error");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.list(dir).count() == 1);
        Scenario derived = Scenario.parse(ScenarioDeriver.derive(dir, false).json(), "derived");
        try (MockStagingServer replay = MockStagingServer.builder().scenario(derived).start();
             WsProbe ws = WsProbe.connect(replay.webSocketUri("/ws"), replay.mintToken("u"))) {
            replay.inject(new Fault.Omit("tool_completed"), Scope.all(), Schedule.always());
            ws.next();
            ws.sendJson(Map.of("type", "user_message", "content", "x"));
            List<JsonNode> events = ws.until("agent_completed", "agent_error");
            assertThat(events).extracting(e -> e.path("type").asText()).doesNotContain("tool_completed");
        }
    }

    private static JsonNode withoutIds(JsonNode event) {
        ObjectNode copy = event.deepCopy();
        IDS.forEach(copy::remove);
        return copy;
    }
}
