package dev.understudy.mock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An embedded server in a fresh JVM prints nothing of XNIO's or JBoss Threads' own into the user's test output. */
@Timeout(60)
class EmbeddedQuietTest {

    /** The user's side: start a server, answer one request, stop, in a JVM that loads XNIO for the first time. */
    public static void main(String[] args) throws Exception {
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            int status = Http.get(server.httpUri(), "/health").status();
            System.out.println("health " + status);
        }
    }

    @Test
    void aFreshJvmStartingAServerPrintsNoLibraryBanner() throws Exception {
        Process p = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), EmbeddedQuietTest.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(45, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("health 200").doesNotContain("XNIO version").doesNotContain("JBoss Threads version");
    }
}
