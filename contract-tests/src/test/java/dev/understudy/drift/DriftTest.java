package dev.understudy.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.RecordUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drift proof without a real staging: "staging" is the standalone main in a process of its own, started unlike the
 * mock's defaults (the other welcome, close-1008 auth, the drift-staging scenario, a settings file); drift must report
 * exactly those differences, live and from a recording made through the proxy, and nothing for a default target.
 */
@Timeout(120)
class DriftTest {

    static final String KEY = "drift-test-bypass";

    /** What the "staging" was set up to differ in, by where drift reports it, with the setting it must name. */
    static final Map<String, String> SET_UP = Map.of(
            "welcome type", "--welcome connection_established",
            "bad token", "--auth close-1008",
            "GET /health .config.websocket_heartbeat_timeout", "a settings file (--settings) with \"websocket_heartbeat_timeout\": \"75\"",
            "GET /api/health .config.websocket_heartbeat_timeout", "a settings file (--settings) with \"websocket_heartbeat_timeout\": \"75\"",
            "stream agent_started.model", Compare.SCENARIO_HINT,
            "stream agent_thinking.trace_id", Compare.SCENARIO_HINT,
            "stream tool_completed.duration_ms", Compare.SCENARIO_HINT,
            "stream agent_completed.usage", Compare.SCENARIO_HINT);

    @TempDir
    static Path dir;
    private static Process staging;
    private static URI stagingHttp;

    @BeforeAll
    static void startStaging() throws Exception {
        Path settings = Files.writeString(dir.resolve("settings.json"), "{\"websocket_heartbeat_timeout\": \"75\"}");
        Path ready = dir.resolve("staging.ready");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        staging = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "dev.understudy.mock.cli.Main", "--port", "0", "--ready-file", ready.toString(),
                "--welcome", "connection_established", "--auth", "close-1008", "--scenario", "drift-staging",
                "--settings", settings.toString(), "--e2e-bypass-key", KEY)
                .redirectErrorStream(true).redirectOutput(dir.resolve("staging.log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(ready) || !staging.isAlive());
        assertThat(staging.isAlive()).as("staging: " + (Files.exists(dir.resolve("staging.log")) ? Files.readString(dir.resolve("staging.log")) : "")).isTrue();
        stagingHttp = URI.create(Probe.JSON.readTree(ready.toFile()).path("http").asText());
    }

    @AfterAll
    static void stopStaging() throws Exception {
        if (staging != null) {
            staging.destroy();
            if (!staging.waitFor(10, TimeUnit.SECONDS)) {
                staging.destroyForcibly();
            }
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run drift(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DriftMain.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertExactlyTheSetUpDifferences(Path json, Run run) throws Exception {
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        JsonNode report = Probe.JSON.readTree(json.toFile());
        assertThat(report.path("drift").asBoolean()).isTrue();
        List<String> wheres = new ArrayList<>();
        for (JsonNode d : report.path("differences")) {
            wheres.add(d.path("where").asText());
            assertThat(d.path("setting").asText()).as(d.toString()).isEqualTo(SET_UP.get(d.path("where").asText()));
        }
        assertThat(wheres).as(run.out()).containsExactlyInAnyOrderElementsOf(SET_UP.keySet());
        assertThat(run.out().lines().filter(l -> SET_UP.keySet().stream().anyMatch(l::startsWith)).count()).isEqualTo(SET_UP.size());
        assertThat(run.out()).contains("welcome type: staging \"connection_established\"; mock \"system_message\" (mock setting: --welcome connection_established)")
                .contains("bad token: staging rejected it with 101 then close 1008 (its first frame: error_message); mock rejects it with 403 before the upgrade (mock setting: --auth close-1008)")
                .contains("drift: 8 differences (");
    }

    @Test
    void aLiveStagingSetUpUnlikeTheMockDriftsInExactlyTheWaysSetUp() throws Exception {
        Path json = dir.resolve("live.json");
        Run run = drift("--staging", stagingHttp.toString(), "--bypass-key", KEY, "--json", json.toString());
        assertExactlyTheSetUpDifferences(json, run);
        assertThat(run.out()).contains("stream agent_thinking.trace_id: staging string (data); mock has no such field");
    }

    @Test
    void aRecordingOfThatStagingDriftsTheSameWays() throws Exception {
        Path recording = dir.resolve("recording");
        try (MockStagingServer proxy = MockStagingServer.builder().recordUpstream(RecordUpstream.of(stagingHttp, recording)).start()) {
            // drift's own probes, through the proxy, make the recording
            assertThat(drift("--staging", proxy.httpUri().toString(), "--bypass-key", KEY).exit()).isEqualTo(1);
        }
        Path json = dir.resolve("recorded.json");
        Run run = drift("--recording", recording.toString(), "--json", json.toString());
        assertExactlyTheSetUpDifferences(json, run);
        assertThat(Files.list(recording).map(p -> p.getFileName().toString()).toList())
                .anyMatch(n -> n.contains("-http-get-health")).anyMatch(n -> n.contains("-ws-ws"));
    }

    @Test
    void aTargetLikeTheMockHasNoDrift() throws Exception {
        try (MockStagingServer same = MockStagingServer.builder().e2eBypassKey(KEY).start()) {
            Run run = drift("--staging", same.httpUri().toString(), "--bypass-key", KEY);
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("drift: none (").doesNotContain("not compared");

            Path recording = dir.resolve("same-recording");
            try (MockStagingServer proxy = MockStagingServer.builder().recordUpstream(RecordUpstream.of(same.httpUri(), recording)).start()) {
                assertThat(drift("--staging", proxy.httpUri().toString(), "--bypass-key", KEY).exit()).isZero();
            }
            Run recorded = drift("--recording", recording.toString());
            assertThat(recorded.exit()).as(recorded.out()).isZero();
        }
    }

    @Test
    void badUsageAndAnUnreachableTargetExitTwo() throws Exception {
        assertThat(drift().err()).contains("expects --staging URL (or STAGING_BASE_URL) or --recording DIR");
        assertThat(drift().exit()).isEqualTo(2);
        assertThat(drift("--staging", "http://127.0.0.1:1", "--recording", "x").err()).contains("exclude each other");
        assertThat(drift("--bogus", "1").err()).contains("unknown flag '--bogus'");
        assertThat(drift("--recording", dir.resolve("nothing-here").toString()).err()).contains("--recording: expected a folder");
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            free = s.getLocalPort();
        }
        Run down = drift("--staging", "http://127.0.0.1:" + free, "--token", "x.y.z", "--timeout-ms", "2000");
        assertThat(down.exit()).isEqualTo(2);
        assertThat(down.err()).contains("drift: could not probe staging").contains("connection refused");
    }
}
