package dev.understudy.mock.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The recording proxy's flags are checked before anything starts, each error naming the flag. */
@Timeout(10)
class RecordFlagsTest {

    @TempDir
    Path dir;

    @Test
    void recordingFlagsGoTogetherAndAreChecked() throws Exception {
        assertThat(OptionsTest.runAndCaptureErr("--record-out", dir.toString())).contains("--record-out needs --record-upstream");
        assertThat(OptionsTest.runAndCaptureErr("--record-upstream", "http://127.0.0.1:1"))
                .contains("--record-upstream needs --record-out DIR");
        assertThat(OptionsTest.runAndCaptureErr("--record-upstream", "ftp://example.com", "--record-out", dir.toString()))
                .contains("--record-upstream: expected an http or https URL, got 'ftp://example.com'");
        assertThat(OptionsTest.runAndCaptureErr("--record-upstream", "http://127.0.0.1:1", "--record-out", dir.toString(),
                "--upstream-ws-url", "http://x")).contains("--upstream-ws-url: expected a ws or wss URL");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThat(OptionsTest.runAndCaptureErr("--record-upstream", "http://127.0.0.1:1", "--record-out", file.toString()))
                .contains("--record-out: expected a folder");
        assertThat(OptionsTest.runAndCaptureErr("--record-upstream", "http://127.0.0.1:1", "--record-out", dir.toString(),
                "--upstream-trust-store", file.toString())).contains("--upstream-trust-store: expected a PKCS12 trust store");
        assertThat(OptionsTest.runAndCaptureErr("--upstream-trust-store-password", "p")).contains("needs --record-upstream");
    }
}
