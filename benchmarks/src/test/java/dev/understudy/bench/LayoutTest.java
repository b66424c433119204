package dev.understudy.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which classes each server process gets: its own jars, this module's classes, and for the baseline an older build. */
class LayoutTest {

    @TempDir
    Path dir;

    private Path touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
        return p;
    }

    private Layout layout(Path baseline) throws IOException {
        Path benchJar = touch("target/understudy-benchmarks.jar");
        Files.createDirectories(dir.resolve("target/classes"));
        touch("target/lib/io/undertow/undertow-core/2/undertow-core-2.jar");
        touch("target/lib/dev/understudy/understudy-mock-backend/1/understudy-mock-backend-1.jar");
        touch("target/lib/org/wiremock/wiremock/3/wiremock-3.jar");
        return Layout.of(benchJar, dir.resolve("target/lib"), dir, dir.resolve("mock.jar"), baseline);
    }

    private static List<String> parts(String classpath) {
        return List.of(classpath.split(File.pathSeparator));
    }

    @Test
    void aPeerGetsThisModulesClassesDirectoryAndOnlyItsOwnJars() throws IOException {
        List<String> cp = parts(layout(null).classpath(Peer.UNDERSTUDY));
        assertThat(cp.get(0)).as("classes, not the jar whose manifest names every jar").endsWith("classes");
        assertThat(cp).anyMatch(p -> p.endsWith("undertow-core-2.jar"))
                .anyMatch(p -> p.endsWith("understudy-mock-backend-1.jar"))
                .noneMatch(p -> p.endsWith("wiremock-3.jar"));
    }

    @Test
    void theBaselineRunsTheOlderBuildsJarsFirstAndNotThisBuilds() throws IOException {
        Path old = dir.resolve("old-lib");
        touch("old-lib/dev/understudy/understudy-mock-backend/0/understudy-mock-backend-0.jar");
        touch("old-lib/dev/understudy/understudy-fixtures/0/understudy-fixtures-0.jar");
        touch("old-lib/dev/understudy/understudy-client-kit/0/understudy-client-kit-0.jar");
        List<String> cp = parts(layout(old).classpath(Peer.BASELINE));
        assertThat(cp.subList(0, 2)).allMatch(p -> p.contains("old-lib"));
        assertThat(cp).anyMatch(p -> p.endsWith("understudy-mock-backend-0.jar"))
                .anyMatch(p -> p.endsWith("understudy-fixtures-0.jar"))
                .anyMatch(p -> p.endsWith("undertow-core-2.jar"))
                .noneMatch(p -> p.endsWith("understudy-mock-backend-1.jar"))
                .noneMatch(p -> p.endsWith("understudy-client-kit-0.jar"));
        assertThat(parts(layout(old).classpath(Peer.UNDERSTUDY))).noneMatch(p -> p.contains("old-lib"));
    }

    @Test
    void aBaselineFolderWithoutAMockBackendJarIsRefusedNamingTheFlag() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> layout(dir.resolve("empty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--baseline")
                .hasMessageContaining("understudy-mock-backend");
    }
}
