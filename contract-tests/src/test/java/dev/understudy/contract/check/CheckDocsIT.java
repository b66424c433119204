package dev.understudy.contract.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/check.md's "Try it" block, run as written from the repository's root (on a free port instead of 18002), and the
 * README's staging command against a standalone jar standing in for staging.
 */
@Timeout(180)
class CheckDocsIT {

    @Test
    void theTryItBlockRunsAndTheCheckPasses() throws Exception {
        String block = Docs.block(Docs.CHECK_MD, "## Try it", "bash");
        assertThat(block).contains("18002").contains("understudy-check.jar");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String text = bash("set -e\ntrap 'kill $! 2>/dev/null || true' EXIT\n" + block.replace("18002", Integer.toString(port)), Map.of());
        assertThat(text).contains("Reachability").containsPattern("\\d+ passed, 0 failed, \\d+ skipped");
    }

    @Test
    void theReadmesStagingCommandRunsAgainstAStandIn() throws Exception {
        String block = Docs.block(Docs.ROOT.resolve("README.md"), "## Running the suite against real staging", "bash");
        assertThat(block).contains("https://api.staging.example.com").contains("$KEY");
        try (StandaloneProcess standalone = StandaloneProcess.start("--port", "0", "--e2e-bypass-key", "readme-key")) {
            String text = bash(block.replace("https://api.staging.example.com", standalone.uri("HTTP").toString()),
                    Map.of("KEY", "readme-key"));
            assertThat(text).containsPattern("\\d+ passed, 0 failed, \\d+ skipped");
        }
    }

    /** Runs a script with bash from the repository's root; its output, once it exited 0 within the limit. */
    static String bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(Docs.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process bash = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
        boolean ended = bash.waitFor(150, TimeUnit.SECONDS);
        if (!ended) {
            bash.destroyForcibly();
        }
        String text = output.get(10, TimeUnit.SECONDS);
        assertThat(ended).as(text).isTrue();
        assertThat(bash.exitValue()).as(text).isZero();
        return text;
    }
}
