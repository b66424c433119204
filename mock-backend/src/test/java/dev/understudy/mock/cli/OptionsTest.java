package dev.understudy.mock.cli;

import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class OptionsTest {

    static String runAndCaptureErr(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badFlagsStopStartUpNamingTheFlagAndWhatWasExpected() {
        assertThat(runAndCaptureErr("--port", "abc")).contains("--port").contains("0-65535").contains("'abc'");
        assertThat(runAndCaptureErr("--welcome", "hello")).contains("--welcome").contains("system_message|connection_established");
        assertThat(runAndCaptureErr("--auth", "maybe")).contains("--auth").contains("reject|close-1008|permissive");
        assertThat(runAndCaptureErr("--secret", "short")).contains("--secret").contains("32 bytes");
        assertThat(runAndCaptureErr("--scenario", "nope")).contains("--scenario").contains("default");
        assertThat(runAndCaptureErr("--colour")).contains("unknown flag '--colour'");
        assertThat(runAndCaptureErr("--port")).contains("--port expects");
        assertThat(runAndCaptureErr("--fault", "omit:event=nothing")).contains("--fault: event:");
        assertThat(runAndCaptureErr("--preset", "nope")).contains("--preset").contains("local-service-down");
        assertThat(runAndCaptureErr("--tls-keystore", "/nonexistent.p12")).contains("--tls-keystore");
        assertThat(runAndCaptureErr("--routes", "no-such-routes")).contains("--routes").contains("staging-rest");
    }

    @Test
    void aBadRoutesFileStopsStartUpNamingTheField(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path routes = dir.resolve("routes.json");
        Files.writeString(routes, "{\"routes\":[{\"path\":\"/x\",\"delay_ms\":-5}]}");
        assertThat(runAndCaptureErr("--routes", routes.toString()))
                .contains("--routes").contains("routes[0].delay_ms: expected a whole number 0-600000, got -5");
    }

    @Test
    void helpNamesEveryShippedProfileAndABadOneStopsStartUp() {
        for (String name : dev.understudy.mock.StagingProfile.names()) {
            assertThat(Options.HELP).contains(name);
        }
        assertThat(runAndCaptureErr("--profile", "nope")).contains("--profile").contains("remote-staging-2025-09");
        assertThat(runAndCaptureErr("--frame-latency")).contains("--frame-latency needs --latency");
        assertThat(runAndCaptureErr("--latency", "soon")).contains("--latency: expected a latency such as 120ms");
    }

    @Test
    void aProfileSetsItsValuesAndExplicitFlagsOverrideThem() throws Exception {
        MockStagingServer.Config staging = Options.parse(new String[]{"--port=0", "--profile", "remote-staging-2025-09"})
                .builder().config();
        assertThat(staging.authMode()).isEqualTo(dev.understudy.mock.AuthMode.PERMISSIVE);
        assertThat(staging.network().minLatency()).isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(staging.network().maxLatency()).isEqualTo(java.time.Duration.ofMillis(200));
        assertThat(staging.routes()).extracting(dev.understudy.mock.Routes::source).anySatisfy(s -> assertThat(s).contains("staging-rest"));

        MockStagingServer.Config overridden = Options.parse(new String[]{"--port=0", "--profile", "remote-staging-2025-09",
                "--auth", "reject", "--latency", "5ms", "--latency-seed", "3"}).builder().config();
        assertThat(overridden.authMode()).isEqualTo(dev.understudy.mock.AuthMode.REJECT);
        assertThat(overridden.network()).isEqualTo(dev.understudy.mock.NetworkProfile.latency(java.time.Duration.ofMillis(5)).seed(3).build());

        MockStagingServer.Config plain = Options.parse(new String[]{"--port=0", "--profile", "default"}).builder().config();
        assertThat(plain.network()).isNull();
        assertThat(plain.routes()).isEmpty();
        assertThat(plain.authMode()).isEqualTo(dev.understudy.mock.AuthMode.REJECT);
    }

    @Test
    void tlsProtocolsTakeTls13AndOrTls12AndNamesABadValue() throws Exception {
        String keystore = Path.of(OptionsTest.class.getResource("/tls/server.p12").toURI()).toString();

        assertThat(runAndCaptureErr("--tls-keystore", keystore, "--tls-protocols", "TLSv1.4"))
                .contains("--tls-protocols").contains("TLSv1.3 and/or TLSv1.2").contains("'TLSv1.4'");
        assertThat(runAndCaptureErr("--tls-keystore", keystore, "--tls-protocols", "TLSv1.3,SSLv3"))
                .contains("--tls-protocols").contains("'TLSv1.3,SSLv3'");
        assertThat(runAndCaptureErr("--tls-protocols", "TLSv1.3")).contains("--tls-protocols needs --tls-keystore");

        Options o = Options.parse(new String[]{"--port=0", "--tls-keystore", keystore, "--tls-protocols", "TLSv1.3, TLSv1.2"});
        try (MockStagingServer server = o.builder().start()) {
            assertThat(server.httpUri().getScheme()).isEqualTo("https");
        }
    }

    @Test
    void helpListsEveryFlagOfTheContract() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Main.run(new String[]{"--help"}, new PrintStream(out), System.err)).isEqualTo(0);
        String help = out.toString(StandardCharsets.UTF_8);
        for (String flag : new String[]{"--host", "--port", "--admin-port", "--secret", "--issuer", "--audience",
                "--e2e-bypass-key", "--scenario", "--welcome", "--auth", "--preset", "--fault", "--faults-file",
                "--tls-keystore", "--tls-protocols", "--help"}) {
            assertThat(help).contains(flag);
        }
    }

    @Test
    void flagsBuildTheServerTheyDescribe(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path faults = dir.resolve("faults.json");
        Files.writeString(faults, "[{\"fault\":\"no-pong\",\"user\":\"x\"}]");
        Options o = Options.parse(new String[]{"--port=0", "--scenario", "streaming", "--preset", "lost-critical-event",
                "--fault", "status:code=503,path=/health", "--faults-file", faults.toString(), "--e2e-bypass-key", "k"});
        try (MockStagingServer server = o.builder().start()) {
            assertThat(server.faults()).extracting(r -> r.fault()).containsExactly(
                    Fault.omit("tool_completed"), Fault.status(503), Fault.noPong());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Main.printReady(server, o, new PrintStream(out, true, StandardCharsets.UTF_8));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("HTTP:      " + server.httpUri()).contains("WebSocket: " + server.webSocketUri())
                    .contains("Admin:     " + server.adminUri()).containsPattern("Token:     [\\w-]+\\.[\\w-]+\\.[\\w-]+");
        }
    }

    @Test
    void selfTestAnswersHealthAndAWelcomeToItselfThenExits() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"--port", "0", "--self-test"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("self-test: /health 200 and a WebSocket welcome");
    }

    @Test
    void selfTestFailsWhenTheServerCantAnswer() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"--port", "0", "--self-test", "--preset", "backend-outage-503"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("self-test failed").contains("503");
    }

    @Test
    void portOutOfRangeIsRejected() {
        assertThatThrownBy(() -> Options.parse(new String[]{"--port", "70000"})).hasMessageContaining("--port");
    }

    @Test
    void versionPrintsTheProjectVersionAndExits() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Main.run(new String[]{"--version"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).matches("understudy \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void faultFlagsTakeTheJsonFormAndRefuseARepeatedKey() throws Exception {
        Options o = Options.parse(new String[]{"--port", "0", "--fault", "{\"fault\":\"hang\",\"path\":\"/ws\"}"});
        try (MockStagingServer server = o.builder().start()) {
            assertThat(server.faults()).extracting(r -> r.fault()).containsExactly(Fault.hang());
            assertThat(server.faults().get(0).scope().paths()).containsExactly("/ws");
        }
        assertThat(runAndCaptureErr("--fault", "status:code=503,times=1,times=2")).contains("--fault: times: given twice");
        assertThat(runAndCaptureErr("--fault", "{\"fault\":\"hang\",\"colour\":1}")).contains("--fault: colour: unknown field");
    }

    @Test
    void readyFileMustBeAFileInAnExistingDirectory(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThat(runAndCaptureErr("--ready-file", dir.resolve("missing/ready.json").toString()))
                .contains("--ready-file: expected a file in an existing directory");
        assertThat(runAndCaptureErr("--ready-file", dir.toString())).contains("--ready-file: expected a file to write, got the directory");
    }

    @Test
    void selfTestWritesTheReadyFileWhileItRunsAndRemovesItAfter(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path ready = dir.resolve("ready.json");
        Files.writeString(ready, "{\"stale\":true}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"--port", "0", "--self-test", "--ready-file", ready.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isEqualTo(0);
        assertThat(ready).doesNotExist();
        try (var listing = Files.list(dir)) {
            assertThat(listing).as("no temp file left behind").isEmpty();
        }
    }
}
