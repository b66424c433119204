package dev.understudy.contract;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.CloseInfo;
import dev.understudy.client.BackendHttpClient;
import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.Target;
import dev.understudy.fixtures.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The standalone jar as its own process, as a test in another language would use it: flags, the printed URLs and
 * token, faults over the admin API, and a clean stop on SIGTERM.
 */
@Timeout(60)
class StandaloneServerTest {

    static final Path JAR = Path.of("..", "mock-backend", "target", "understudy-mock.jar");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Process process;

    /** A started process and what it printed when ready: HTTP, WebSocket, Admin, Token. */
    record Running(Process process, Map<String, String> printed) {
        URI uri(String key) {
            return URI.create(printed.get(key).split("\\s+")[0]);
        }
    }

    Running start(String... flags) throws Exception {
        assertThat(JAR).as("the standalone jar, built by mock-backend's package phase").exists();
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(flags));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "standalone-stdout");
        reader.setDaemon(true);
        reader.start();
        Map<String, String> printed = new LinkedHashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!printed.containsKey("Token")) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("the ready lines within " + WAIT + "; got " + printed).isNotNull();
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("understudy")) {
                printed.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new Running(process, printed);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static HttpResponse<String> admin(Running r, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(r.uri("Admin").resolve(path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void printsItsUrlsAndATokenThatOpensASocket() throws Exception {
        Running r = start("--port", "0");
        assertThat(r.printed()).containsKeys("HTTP", "WebSocket", "Admin", "Token");
        String token = r.printed().get("Token");
        Target target = Target.mock(r.uri("HTTP"), r.uri("WebSocket"), Fixtures.testSecret());
        try (AgentSocket socket = AgentSocket.connect(dev.understudy.client.SocketOptions.builder(r.uri("WebSocket")).token(token).build(), WAIT)) {
            assertThat(socket.awaitWelcome(WAIT).node().path("data").path("user_id").asText()).isEqualTo("standalone-user");
        }
        assertThat(target.httpClient().health(WAIT).status()).isEqualTo(200);
    }

    @Test
    void presetFlagAndTheAdminApiDriveItsFaults() throws Exception {
        Running r = start("--port", "0", "--preset", "backend-outage-503");
        Target target = Target.mock(r.uri("HTTP"), r.uri("WebSocket"), Fixtures.testSecret());
        BackendHttpClient http = target.httpClient();
        assertThat(http.health(WAIT).status()).isEqualTo(503);
        assertThatThrownBy(() -> AgentSocket.connect(target, "u@understudy.test", WAIT))
                .isInstanceOfSatisfying(OutcomeException.class, e -> assertThat(e.outcome()).isInstanceOf(Outcome.ServiceUnavailable.class));

        assertThat(admin(r, "DELETE", "/faults", null).statusCode()).isEqualTo(204);
        assertThat(http.health(WAIT).status()).isEqualTo(200);

        assertThat(admin(r, "POST", "/presets/local-service-down", "").statusCode()).isEqualTo(201);
        assertThatThrownBy(() -> http.health(WAIT))
                .isInstanceOfSatisfying(OutcomeException.class, e -> assertThat(e.outcome()).isInstanceOf(Outcome.ConnectionRefused.class));
        assertThat(admin(r, "GET", "/", null).body()).contains("\"refusing\":true");
        assertThat(admin(r, "DELETE", "/faults", null).statusCode()).isEqualTo(204);
        assertThat(http.health(WAIT).status()).isEqualTo(200);

        assertThat(admin(r, "POST", "/faults", "{\"fault\":\"no-welcome\",\"user\":\"e2e-quiet\"}").statusCode()).isEqualTo(201);
        assertThatThrownBy(() -> {
            try (AgentSocket socket = AgentSocket.connect(target, "quiet@understudy.test", WAIT)) {
                socket.awaitWelcome(Duration.ofMillis(200));
            }
        }).isInstanceOfSatisfying(OutcomeException.class, e -> assertThat(e.outcome()).isInstanceOf(Outcome.WelcomeTimeout.class));
        assertThat(admin(r, "GET", "/journal", null).body()).contains("e2e-quiet").doesNotContain("eyJ");
    }

    @Test
    void faultFlagsAndAFaultsFileAreInjectedAtStart(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("faults.json");
        Files.writeString(file, "[{\"fault\":\"status\",\"code\":429,\"path\":\"/ws/config\"}]");
        Running r = start("--port", "0", "--fault", "status:code=418,path=/api/health", "--faults-file", file.toString());
        BackendHttpClient http = Target.mock(r.uri("HTTP"), r.uri("WebSocket"), Fixtures.testSecret()).httpClient();
        assertThat(http.apiHealth(WAIT).status()).isEqualTo(418);
        assertThat(http.wsConfig(WAIT).status()).isEqualTo(429);
        assertThat(http.health(WAIT).status()).isEqualTo(200);
    }

    @Test
    void sigtermClosesOpenSocketsWith1001AndExits() throws Exception {
        Running r = start("--port", "0");
        Target target = Target.mock(r.uri("HTTP"), r.uri("WebSocket"), Fixtures.testSecret());
        try (AgentSocket socket = AgentSocket.connect(target, "leaving@understudy.test", WAIT)) {
            socket.awaitWelcome(WAIT);
            r.process().destroy();
            CloseInfo close = socket.awaitClose(WAIT);
            assertThat(close.code()).isEqualTo(1001);
        }
        assertThat(r.process().waitFor(10, TimeUnit.SECONDS)).as("the process ended").isTrue();
    }

    @Test
    void aBadFlagStopsStartUpNamingTheFlag() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "--auth", "sometimes").redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("--auth").contains("reject|close-1008|permissive").contains("'sometimes'");
    }
}
