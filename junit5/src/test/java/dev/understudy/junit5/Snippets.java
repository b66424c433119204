package dev.understudy.junit5;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the examples out of Markdown (a fenced block under a heading) and out of Java sources (the lines between
 * {@code // NAME:begin} and {@code // NAME:end}, or {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->} in XML,
 * less their common indentation), so a test can compare the two.
 */
final class Snippets {

    private Snippets() {
    }

    /** The repository's root: the nearest directory up from here that holds the parent pom and README.md. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("junit5"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (README.md next to junit5/) above " + Path.of("").toAbsolutePath());
    }

    /** The first fenced block of {@code language} after the heading line {@code heading}, without its fences. */
    static String markdownBlock(Path markdown, String heading, String language) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new IllegalStateException(markdown + " has no heading '" + heading + "'");
        }
        int open = -1;
        for (int i = at + 1; i < lines.size(); i++) {
            if (open < 0 && lines.get(i).equals("```" + language)) {
                open = i;
            } else if (open >= 0 && lines.get(i).equals("```")) {
                return String.join("\n", lines.subList(open + 1, i)) + "\n";
            } else if (open < 0 && lines.get(i).startsWith("#")) {
                break;
            }
        }
        throw new IllegalStateException(markdown + " has no ```" + language + " block under '" + heading + "'");
    }

    /** The region between {@code // name:begin} and {@code // name:end} of a source file, de-indented. */
    static String region(Path source, String name) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("// " + name + ":begin") || line.equals("<!-- " + name + ":begin -->")) {
                begin = i;
            } else if (line.equals("// " + name + ":end") || line.equals("<!-- " + name + ":end -->")) {
                end = i;
                break;
            }
        }
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(source + " has no region '// " + name + ":begin' ... '// " + name + ":end'");
        }
        List<String> body = new ArrayList<>(lines.subList(begin + 1, end));
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : body) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }
}
