package dev.understudy.contract.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing in the project names the design notes it was started from, which a user's clone never has: the reference
 * is docs/. The names are spelt in pieces here so this file does not match itself.
 */
@Timeout(30)
class NoOutsideReferencesTest {

    static final List<String> FORBIDDEN = List.of("../" + "shared", "CONTRACT" + ".md", "FAULTS" + ".md",
            "ARCHITECTURE" + ".md");

    /** Where the test looks: the whole repository. */
    static final List<String> SCOPE = List.of(".");

    static final List<String> TEXT_FILES = List.of(".java", ".md", ".xml", ".txt", ".json", ".sh", ".mjs", ".properties");

    @Test
    void noFileNamesTheDesignNotes() {
        List<String> hits = new ArrayList<>();
        int scanned = 0;
        for (String root : SCOPE) {
            for (Path file : files(Markdown.ROOT.resolve(root))) {
                scanned++;
                List<String> lines = read(file);
                for (int i = 0; i < lines.size(); i++) {
                    for (String name : FORBIDDEN) {
                        if (lines.get(i).contains(name)) {
                            hits.add(Markdown.ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertThat(scanned).as("files scanned").isGreaterThan(20);
        assertThat(hits).as("references to files outside the repository (link docs/ instead)").isEmpty();
    }

    static List<Path> files(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !Markdown.excluded(Markdown.ROOT.relativize(p)))
                    .filter(p -> p.getParent().endsWith(".ci") // CI's scripts have no extension
                            || TEXT_FILES.stream().anyMatch(ext -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
