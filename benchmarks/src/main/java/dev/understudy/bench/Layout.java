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
    private final List<Path> libJars;

    private Layout(Path benchJar, Path lib, Path root, Path mockJar) {
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
    }

    /** Found from where this class was loaded: {@code benchmarks/target/understudy-benchmarks.jar} (or classes/). */
    static Layout find(Path rootOverride, Path mockJarOverride) {
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
        return new Layout(self, lib, root, mockJar);
    }

    /** This module's classes plus the jars the peer may load. */
    String classpath(Peer peer) {
        List<Path> parts = new ArrayList<>();
        parts.add(benchJar);
        for (Path jar : libJars) {
            if (peer.wants(lib.relativize(jar).toString().replace('\\', '/'))) {
                parts.add(jar);
            }
        }
        return join(parts);
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
