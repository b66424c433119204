package dev.understudy.mock.cli;

import dev.understudy.mock.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code scenario-from}'s command line: usage errors exit 2, a recording without a run exits 1 saying so. */
@Timeout(10)
class ScenarioFromTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String frame(double at, String from, String text) {
        return "{\"at_ms\":" + at + ",\"from\":\"" + from + "\",\"kind\":\"text\",\"text\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(text) + "}";
    }

    private void session(String name, String... frames) throws Exception {
        Files.writeString(dir.resolve(name), "{\"format\":\"understudy-recording\",\"version\":1,\"kind\":\"ws\",\"frames\":["
                + String.join(",", frames) + "]}");
    }

    @Test
    void aRecordedRunBecomesAScenarioWithItsPacingAndNestedOnlyFields() throws Exception {
        session("0001-ws-ws.json",
                frame(1, "upstream", "{\"type\":\"connection_established\",\"data\":{}}"),
                frame(10, "client", "{\"type\":\"user_message\",\"content\":\"hi\"}"),
                frame(15, "upstream", "{\"type\":\"agent_started\",\"run_id\":\"r1\",\"user_id\":\"u1\",\"agent_name\":\"a\",\"task_description\":\"t\",\"data\":{\"task_description\":\"t\",\"span\":\"s-1\"}}"),
                frame(40, "upstream", "{\"type\":\"agent_completed\",\"run_id\":\"r1\",\"final_response\":\"done\",\"status\":\"completed\"}"));
        Path file = dir.resolve("out.json");
        assertThat(run("scenario-from", dir.toString(), "--out", file.toString())).as(err.toString()).isZero();
        Scenario s = Scenario.fromFile(file);
        assertThat(s.agentName()).isEqualTo("a");
        assertThat(s.steps()).extracting(Scenario.Step::type).containsExactly("agent_started", "agent_completed");
        assertThat(s.steps().get(0).after().toMillis()).isEqualTo(5);
        assertThat(s.steps().get(1).after().toMillis()).isEqualTo(25);
        assertThat(s.steps().get(0).dataOnly().path("span").asText()).isEqualTo("s-1");
        assertThat(Files.readString(file)).doesNotContain("r1").doesNotContain("u1");
        assertThat(err.toString()).contains("2 events from 0001-ws-ws.json").contains("--welcome connection_established");

        out.reset();
        assertThat(run("scenario-from", dir.resolve("0001-ws-ws.json").toString(), "--pace", "none")).isZero();
        assertThat(Scenario.parse(out.toString(StandardCharsets.UTF_8), "stdout").totalPacing()).isZero();
    }

    @Test
    void badUsageExitsTwoAndARecordingWithoutARunExitsOne() throws Exception {
        assertThat(run("scenario-from")).isEqualTo(2);
        assertThat(err.toString()).contains("expects RECORDING");
        assertThat(run("scenario-from", dir.toString(), "--pace", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("--pace expects recorded or none, got 'fast'");
        session("0001-ws-ws.json", frame(1, "upstream", "{\"type\":\"system_message\"}"));
        err.reset();
        assertThat(run("scenario-from", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no WebSocket session with an agent run").contains("0001-ws-ws.json");
        Files.writeString(dir.resolve("0002-ws-ws.json"), "{\"kind\":\"ws\"}");
        err.reset();
        assertThat(run("scenario-from", dir.resolve("0002-ws-ws.json").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("expected \"format\": \"understudy-recording\"");
    }

    @Test
    void aRecordedRunThatBreaksTheGrammarIsRefusedWithTheReason() throws Exception {
        session("0001-ws-ws.json",
                frame(10, "client", "{\"type\":\"user_message\",\"content\":\"hi\"}"),
                frame(15, "upstream", "{\"type\":\"agent_thinking\",\"reasoning\":\"r\"}"),
                frame(20, "upstream", "{\"type\":\"agent_completed\",\"final_response\":\"done\"}"));
        assertThat(run("scenario-from", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot be played as a scenario").contains("expected agent_started first");
    }
}
