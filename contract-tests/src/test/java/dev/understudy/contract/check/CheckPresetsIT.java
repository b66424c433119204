package dev.understudy.contract.check;

import dev.understudy.fixtures.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * understudy-check.jar as a user runs it, against the standalone jar as its own process: healthy, it exits 0; started
 * with each preset, it fails and names the outcome that preset emulates, in its output and in its JUnit XML.
 */
@Timeout(600)
class CheckPresetsIT {

    static final Path CHECK_JAR = Path.of("target", "understudy-check.jar");
    static final Duration CHECK_LIMIT = Duration.ofSeconds(120);
    static final Path TIMINGS = Path.of("target", "check-timings.txt");
    static final List<String> timings = new ArrayList<>();

    /** What one run of the check did. */
    record Run(int exit, String output, Duration wall, String xml) {
    }

    static Run check(StandaloneProcess standalone, Path reports, String... extra) throws Exception {
        assertThat(CHECK_JAR).as("the check jar, built by this module's package phase").exists();
        List<String> command = new ArrayList<>(List.of(StandaloneProcess.java(), "-jar", CHECK_JAR.toString(),
                "--base-url", standalone.uri("HTTP").toString(), "--ws-url", standalone.uri("WebSocket").toString(),
                "--secret", Fixtures.testSecret(), "--reports-dir", reports.toString()));
        command.addAll(List.of(extra));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        });
        boolean ended = p.waitFor(CHECK_LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("the check ended within " + CHECK_LIMIT).isTrue();
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        String text = output.get(10, TimeUnit.SECONDS);
        String xml;
        try (Stream<Path> files = Files.list(reports)) {
            xml = files.filter(f -> f.getFileName().toString().endsWith(".xml")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
        return new Run(p.exitValue(), text, wall, xml);
    }

    static synchronized void record(String what, Run run) {
        timings.add(String.format(java.util.Locale.ROOT, "%-22s exit %d  %6d ms", what, run.exit(), run.wall().toMillis()));
    }

    @AfterAll
    static void writeTimings() throws IOException {
        Files.write(TIMINGS, timings);
    }

    @Test
    void againstAHealthyStandaloneEveryCheckPassesAndItExits0(@TempDir Path reports) throws Exception {
        try (StandaloneProcess standalone = StandaloneProcess.start("--port", "0")) {
            Run run = check(standalone, reports);
            record("healthy", run);
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output()).contains("Reachability").contains("Agent runs").contains(" 0 failed")
                    .doesNotContain("FAIL");
            assertThat(run.xml()).contains("<testsuite").doesNotContain("<failure").doesNotContain("<error");
        }
    }

    /** The rows of docs/check.md's preset table: preset, named outcome, what the failing check says. */
    static Stream<Arguments> presets() throws IOException {
        return Docs.table(Docs.CHECK_MD, "## What each preset is named").stream()
                .map(row -> Arguments.of(row.get(0), row.get(1), row.get(2)));
    }

    @Test
    void theDocsTableCoversEveryPreset() throws IOException {
        assertThat(presets().map(a -> (String) a.get()[0]).toList())
                .containsExactlyInAnyOrderElementsOf(Fixtures.names("presets"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("presets")
    void eachPresetFailsTheCheckNamingTheOutcomeItEmulates(String preset, String outcome, String detail,
                                                           @TempDir Path reports) throws Exception {
        try (StandaloneProcess standalone = StandaloneProcess.start("--port", "0", "--preset", preset)) {
            // the default budget where it is the point (a 3 s first upgrade against 2 s); elsewhere a roomier one,
            // so a loaded build machine cannot turn a slow first upgrade into another outcome than the preset's
            Run run = preset.equals("cold-start") ? check(standalone, reports) : check(standalone, reports, "--timeout-ms", "4000");
            record(preset, run);
            assertThat(run.exit()).as(run.output()).isEqualTo(1);
            String failLine = run.output().lines().filter(l -> l.strip().startsWith("FAIL")).findFirst().orElse("");
            assertThat(failLine).as(run.output()).contains(outcome).contains(detail);
            assertThat(run.output()).contains(" 1 failed").contains("not run: the target failed a reachability check");
            if (preset.equals("welcome-timeout")) {
                assertThat(run.output().lines().map(Docs::normalized).toList())
                        .as("docs/check.md's sample output").containsSubsequence(Docs.block(Docs.CHECK_MD,
                                "## What it prints", "text").lines().map(Docs::normalized).toList());
            }
            String simpleName = outcome.replaceAll("\\(.*", "");
            assertThat(run.xml()).containsPattern("<(failure|error) message=\"[^\"]*" + java.util.regex.Pattern.quote(simpleName))
                    .contains(detail);
        }
    }

    @Test
    void aColdStartWithinALargerBudgetPasses(@TempDir Path reports) throws Exception {
        try (StandaloneProcess standalone = StandaloneProcess.start("--port", "0", "--preset", "cold-start")) {
            Run run = check(standalone, reports, "--timeout-ms", "5000");
            record("cold-start 5000 ms", run);
            assertThat(run.exit()).as(run.output()).isZero();
        }
    }
}
