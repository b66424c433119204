package dev.understudy.contract.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads docs/check.md's examples: a fenced block or a table under a heading, and a marked region of a source. */
final class Docs {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path CHECK_MD = ROOT.resolve("docs").resolve("check.md");

    private Docs() {
    }

    /** The lines under {@code heading} up to the next heading. */
    static List<String> section(Path markdown, String heading) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new IllegalStateException(markdown + " has no heading '" + heading + "'");
        }
        List<String> section = new ArrayList<>();
        for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            section.add(lines.get(i));
        }
        return section;
    }

    /** The first fenced block of {@code language} under {@code heading}, without its fences. */
    static String block(Path markdown, String heading, String language) throws IOException {
        List<String> section = section(markdown, heading);
        int open = section.indexOf("```" + language);
        int close = open < 0 ? -1 : section.subList(open + 1, section.size()).indexOf("```") + open + 1;
        if (open < 0 || close <= open) {
            throw new IllegalStateException(markdown + " has no ```" + language + " block under '" + heading + "'");
        }
        return String.join("\n", section.subList(open + 1, close)) + "\n";
    }

    /** The rows of the first table under {@code heading}, cells stripped of blanks and backticks, header excluded. */
    static List<List<String>> table(Path markdown, String heading) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : section(markdown, heading)) {
            if (line.startsWith("|") && !line.startsWith("|---")) {
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(cell.strip().replace("`", ""));
                }
                rows.add(cells);
            }
        }
        return rows.isEmpty() ? rows : rows.subList(1, rows.size());
    }

    /** The lines between {@code // name:begin} and {@code // name:end}, less their common indentation. */
    static String region(Path source, String name) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int begin = lines.stream().map(String::strip).toList().indexOf("// " + name + ":begin");
        int end = lines.stream().map(String::strip).toList().indexOf("// " + name + ":end");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(source + " has no region " + name);
        }
        List<String> body = lines.subList(begin + 1, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder text = new StringBuilder();
        body.forEach(l -> text.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return text.toString();
    }

    /** Output with its variable parts (times, ports) replaced and its blanks collapsed, to compare runs. */
    static String normalized(String line) {
        return line.replaceAll("\\d+ ms", "N ms").replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT")
                .replaceAll("\\s+", " ").strip();
    }
}
