package dev.understudy.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where things are: this module's jar and its {@code lib/} (copied by the build in the repository layout), the
 * project root, the standalone mock jar; and the java binary every process is launched with.
 */
final class Layout {

    final Path benchJar;
    final Path lib;
    final Path root;
    final Path mockJar;
    final Path java;
    /** The jars of an earlier build that {@link Peer#BASELINE} runs instead of this build's, or null. */
    final Path baseline;
    private final List<Path> libJars;
    private final List<Path> baselineJars;

    private Layout(Path benchJar, Path lib, Path root, Path mockJar, Path baseline) {
        this.benchJar = benchJar;
        this.lib = lib;
        this.root = root;
        this.mockJar = mockJar;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
        try (Stream<Path> files = Files.walk(lib)) {
            this.libJars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + lib + ": build with mvn -DskipTests package first", e);
        }
        this.baseline = baseline;
        this.baselineJars = baseline == null ? List.of() : baselineJars(baseline);
    }

    /** The mock-backend and fixtures jars an earlier build left in {@code dir} (its benchmarks/target/lib will do). */
    private static List<Path> baselineJars(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("understudy-(mock-backend|fixtures)-.*\\.jar"))
                    .sorted().toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("understudy-mock-backend-"))) {
                throw new IllegalArgumentException("--baseline: expected a folder holding an understudy-mock-backend-*.jar "
                        + "(and its understudy-fixtures-*.jar), found none in " + dir);
            }
            return jars;
        } catch (IOException e) {
            throw new IllegalArgumentException("--baseline: could not read " + dir + ": " + e.getMessage());
        }
    }

    /** Found from where this class was loaded: {@code benchmarks/target/understudy-benchmarks.jar} (or classes/). */
    static Layout find(Path rootOverride, Path mockJarOverride, Path baseline) {
        Path self;
        try {
            self = Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot tell where the benchmark runs from", e);
        }
        Path target = self.getParent();
        Path lib = target.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Expected the benchmark's dependencies in " + lib
                    + "; build with: mvn -B -q -DskipTests package");
        }
        Path root = rootOverride != null ? rootOverride : target.getParent().getParent();
        Path mockJar = mockJarOverride != null ? mockJarOverride : root.resolve("mock-backend/target/understudy-mock.jar");
        return of(self, lib, root, mockJar, baseline);
    }

    /** A layout from its parts (what {@link #find} works out), for tests. */
    static Layout of(Path benchJar, Path lib, Path root, Path mockJar, Path baseline) {
        return new Layout(benchJar, lib, root, mockJar, baseline);
    }

    /**
     * This module's classes plus the jars the peer may load. The classes come from {@code target/classes} when it is
     * there, not from this jar, whose manifest names every jar of {@code lib/} (the class loader would follow it).
     */
    String classpath(Peer peer) {
        List<Path> parts = new ArrayList<>();
        if (peer == Peer.BASELINE) {
            parts.addAll(baselineJars);
        }
        parts.add(serverClasses());
        for (Path jar : libJars) {
            if (peer.wants(lib.relativize(jar).toString().replace('\\', '/'))) {
                parts.add(jar);
            }
        }
        return join(parts);
    }

    private Path serverClasses() {
        Path classes = benchJar.getParent().resolve("classes");
        return Files.isDirectory(classes) && !benchJar.equals(classes) ? classes : benchJar;
    }

    /** This module's classes plus every jar (the fault-timing process needs the mock and the client kit). */
    String fullClasspath() {
        List<Path> parts = new ArrayList<>();
        parts.add(benchJar);
        parts.addAll(libJars);
        return join(parts);
    }

    private static String join(List<Path> parts) {
        return parts.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
