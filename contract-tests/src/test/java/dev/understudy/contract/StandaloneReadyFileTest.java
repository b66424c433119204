package dev.understudy.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.client.AgentSocket;
import dev.understudy.client.SocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone jar's machine-readable side, as a harness in another language uses it: {@code --ready-file},
 * {@code POST /tokens}, {@code POST /reset}, {@code --fault} in JSON and {@code --version}, over a real process.
 */
@Timeout(60)
class StandaloneReadyFileTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    Process launch(String... flags) throws IOException {
        assertThat(StandaloneServerTest.JAR).as("the standalone jar, built by mock-backend's package phase").exists();
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", StandaloneServerTest.JAR.toString()));
        command.addAll(List.of(flags));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
    }

    /**
     * Waits for this run's file (one with a pid; a stale one has none) to appear by a rename into the directory, as
     * a harness would: on file events, with a deadline.
     */
    static JsonNode awaitReady(Path file, Process process) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            for (JsonNode node = read(file); ; node = read(file)) {
                if (node != null && node.has("pid")) {
                    return node;
                }
                assertThat(process.isAlive()).as("the server is still running").isTrue();
                long left = deadline - System.nanoTime();
                assertThat(left).as("the ready file within " + WAIT).isPositive();
                var key = watch.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException notYet) {
            return null;
        }
    }

    static HttpResponse<String> post(URI admin, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(admin.resolve(path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyFileHoldsTheUrlsATokenThePidAndTheVersionAndGoesAwayOnStop() throws Exception {
        Path file = dir.resolve("ready.json");
        Files.writeString(file, "{\"stale\":true}");
        process = launch("--port", "0", "--ready-file", file.toString());
        // the stale file is removed before the server starts, so what appears is this run's
        JsonNode ready = awaitReady(file, process);
        assertThat(ready.get("pid").asLong()).isEqualTo(process.pid());
        assertThat(ready.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        URI http = URI.create(ready.get("http").asText());
        URI ws = URI.create(ready.get("ws").asText());
        assertThat(http.getHost()).isEqualTo("127.0.0.1");
        assertThat(ws.toString()).isEqualTo("ws://127.0.0.1:" + http.getPort() + "/ws");
        assertThat(get(http, "/health").statusCode()).isEqualTo(200);
        assertThat(get(URI.create(ready.get("admin").asText()), "/").body()).contains(http.toString());
        try (AgentSocket socket = AgentSocket.connect(SocketOptions.builder(ws).token(ready.get("token").asText()).build(), WAIT)) {
            assertThat(socket.awaitWelcome(WAIT).node().path("data").path("user_id").asText()).isEqualTo("standalone-user");
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).as("no temp file left").containsExactlyInAnyOrder("ready.json", "out.log");
        }
        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(file).as("removed on a clean stop").doesNotExist();
    }

    @Test
    void tokensAndResetOverTheAdminApiOfTheProcess() throws Exception {
        Path file = dir.resolve("ready.json");
        process = launch("--port", "0", "--ready-file", file.toString(),
                "--fault", "{\"fault\":\"status\",\"code\":503,\"path\":\"/health\"}", "--fault", "status:code=418,path=/ws/config");
        JsonNode ready = awaitReady(file, process);
        URI http = URI.create(ready.get("http").asText());
        URI admin = URI.create(ready.get("admin").asText());
        assertThat(get(http, "/health").statusCode()).isEqualTo(503);
        assertThat(get(http, "/ws/config").statusCode()).isEqualTo(418);

        HttpResponse<String> minted = post(admin, "/tokens", "{\"user\":\"carol\",\"ttl_seconds\":60}");
        assertThat(minted.statusCode()).isEqualTo(200);
        String token = JSON.readTree(minted.body()).get("token").asText();
        try (AgentSocket socket = AgentSocket.connect(SocketOptions.builder(URI.create(ready.get("ws").asText())).token(token).build(), WAIT)) {
            assertThat(socket.awaitWelcome(WAIT).node().path("data").path("user_id").asText()).isEqualTo("carol");
        }
        assertThat(post(admin, "/tokens", "{\"ttl_seconds\":60}").body()).contains("\"detail\":\"user:");

        HttpResponse<String> reset = post(admin, "/reset", "");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reset.body()).get("faults_removed").asInt()).isEqualTo(2);
        assertThat(get(http, "/health").statusCode()).isEqualTo(200);
        assertThat(get(http, "/ws/config").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get(admin, "/journal").body()).get("connections")).isEmpty();
    }

    @Test
    void versionPrintsAndExitsZero() throws Exception {
        process = launch("--version");
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("out.log")).strip()).matches("understudy \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void aRepeatedKeyInAFaultFlagStopsStartUpNamingTheKey() throws Exception {
        process = launch("--port", "0", "--fault", "status:code=503,code=500");
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("out.log"))).contains("--fault: code: given twice");
    }
}
