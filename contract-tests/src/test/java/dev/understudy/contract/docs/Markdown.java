package dev.understudy.contract.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Just enough Markdown for the docs tests: fenced blocks with their markers, pipe tables, headings, links. */
final class Markdown {

    /** The repository's root: contract-tests' parent (Surefire runs in the module's folder). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([A-Za-z0-9_+-]*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*example:\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    /** Inline links and images, {@code [text](target "title")}; the target has no spaces or parentheses. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** Reference definitions, {@code [name]: target}. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");

    /** One fenced block: its language tag, its marker (the {@code <!-- example: ... -->} before it, or null). */
    record Block(Path file, int line, String lang, String marker, String text) {
        String where() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    /** A link target as written, with the line it is on. */
    record Link(Path file, int line, String target) {
    }

    final Path file;
    final List<String> lines;

    private Markdown(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static Markdown read(Path file) {
        try {
            return new Markdown(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.md} of the repository outside build output, dependencies and VCS folders. */
    static List<Path> allFiles() {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
                    .filter(p -> !excluded(ROOT.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean excluded(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".git")) {
                return true;
            }
        }
        return false;
    }

    /** The README and every page under docs/: where the examples live. */
    static List<Path> exampleFiles() {
        List<Path> out = new ArrayList<>();
        out.add(ROOT.resolve("README.md"));
        allFiles().stream().filter(p -> ROOT.relativize(p).startsWith("docs")).forEach(out::add);
        return out;
    }

    List<Block> blocks() {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String marker = null;
            if (i > 0) {
                Matcher m = MARKER.matcher(lines.get(i - 1));
                if (m.matches()) {
                    marker = m.group(1);
                }
            }
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                text.append(lines.get(j)).append('\n');
            }
            out.add(new Block(file, i + 1, open.group(1).toLowerCase(Locale.ROOT), marker, text.toString()));
            i = j;
        }
        return out;
    }

    /** The lines outside fenced blocks, with inline code blanked out (links in code are not links). */
    private List<String> prose() {
        List<String> out = new ArrayList<>();
        boolean inFence = false;
        for (String line : lines) {
            if (FENCE.matcher(line).matches() || (inFence && line.strip().equals("```"))) {
                inFence = !inFence;
                out.add("");
                continue;
            }
            out.add(inFence ? "" : INLINE_CODE.matcher(line).replaceAll(""));
        }
        return out;
    }

    List<Link> links() {
        List<Link> out = new ArrayList<>();
        List<String> prose = prose();
        for (int i = 0; i < prose.size(); i++) {
            Matcher m = LINK.matcher(prose.get(i));
            while (m.find()) {
                out.add(new Link(file, i + 1, m.group(1)));
            }
            Matcher r = REFERENCE.matcher(prose.get(i));
            if (r.matches()) {
                out.add(new Link(file, i + 1, r.group(1)));
            }
        }
        return out;
    }

    /** GitHub's anchors for the headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    Set<String> anchors() {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose()) {
            Matcher h = HEADING.matcher(line);
            if (!h.matches()) {
                continue;
            }
            String slug = slug(h.group(2));
            int n = seen.merge(slug, 1, Integer::sum);
            out.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return out;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "").strip().toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                b.appendCodePoint(c);
            } else if (c == ' ') {
                b.append('-');
            }
        });
        return b.toString();
    }

    /**
     * The rows of the first pipe table whose header row's first cell is {@code firstHeader} (backticks kept), each
     * row its cells stripped; fails when there is no such table.
     */
    List<List<String>> table(String firstHeader) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            List<String> header = cells(lines.get(i));
            if (header.isEmpty() || !header.get(0).equals(firstHeader) || !lines.get(i + 1).strip().startsWith("|---")) {
                continue;
            }
            List<List<String>> rows = new ArrayList<>();
            for (int j = i + 2; j < lines.size() && lines.get(j).strip().startsWith("|"); j++) {
                rows.add(cells(lines.get(j)));
            }
            return rows;
        }
        throw new AssertionError(ROOT.relativize(file) + " has no table whose first column is '" + firstHeader + "'");
    }

    /** The rows of the first pipe table after the heading line {@code heading} (e.g. {@code "## Presets"}). */
    List<List<String>> tableUnder(String heading) {
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new AssertionError(ROOT.relativize(file) + " has no heading '" + heading + "'");
        }
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("|---")) {
                inTable = true;
            } else if (inTable && line.startsWith("|")) {
                rows.add(cells(line));
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    /** A table row's cells; a pipe inside backticks is part of the cell. */
    static List<String> cells(String line) {
        String s = line.strip();
        if (!s.startsWith("|")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`') {
                code = !code;
            }
            if (c == '|' && !code) {
                out.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (!cell.toString().isBlank()) {
            out.add(cell.toString().strip());
        }
        return out;
    }

    /** The text between the first pair of backticks of a cell, or null. */
    static String code(String cell) {
        int a = cell.indexOf('`');
        int b = a < 0 ? -1 : cell.indexOf('`', a + 1);
        return b < 0 ? null : cell.substring(a + 1, b);
    }
}
