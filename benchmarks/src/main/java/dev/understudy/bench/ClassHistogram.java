package dev.understudy.bench;

import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of this process by class, as the JVM's {@code GC.class_histogram} counts them after a full GC,
 * so that two readings can say which classes a heap's growth is made of.
 *
 * @param byClass instances and bytes per class name
 * @param totalBytes the bytes of every live object
 */
record ClassHistogram(Map<String, Row> byClass, long totalBytes) {

    /** One class's live instances and their bytes. */
    record Row(long instances, long bytes) {
    }

    /** A class whose live bytes moved between two readings. */
    record Change(String className, long instances, long bytes) {
    }

    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    /**
     * Takes this process's histogram through the platform's diagnostic command bean (a full GC comes first) and
     * writes it to {@code file}, so that a reading kept for later is not itself on the heap the next one counts.
     *
     * @return the bytes of every live object
     */
    static long takeInto(Path file) throws Exception {
        String text = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}).toString();
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return parse(text).totalBytes();
    }

    /** A histogram {@link #takeInto} wrote. */
    static ClassHistogram read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static ClassHistogram parse(String text) {
        Map<String, Row> rows = new HashMap<>();
        long total = -1;
        for (String line : text.split("\\R")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                rows.merge(m.group(3), new Row(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        (a, b) -> new Row(a.instances() + b.instances(), a.bytes() + b.bytes()));
                continue;
            }
            Matcher t = TOTAL.matcher(line);
            if (t.matches()) {
                total = Long.parseLong(t.group(2));
            }
        }
        if (total < 0) {
            throw new IllegalStateException("a class histogram without its Total line");
        }
        return new ClassHistogram(Map.copyOf(rows), total);
    }

    /** The classes whose live bytes grew most from {@code before} to this reading, largest first. */
    List<Change> grownSince(ClassHistogram before, int top) {
        Map<String, Change> changes = new HashMap<>();
        byClass.forEach((name, now) -> {
            Row then = before.byClass().getOrDefault(name, new Row(0, 0));
            changes.put(name, new Change(name, now.instances() - then.instances(), now.bytes() - then.bytes()));
        });
        before.byClass().forEach((name, then) -> changes.putIfAbsent(name, new Change(name, -then.instances(), -then.bytes())));
        return changes.values().stream().filter(c -> c.bytes() > 0)
                .sorted(Comparator.comparingLong(Change::bytes).reversed().thenComparing(Change::className))
                .limit(top).toList();
    }

    /** A markdown table of {@link #grownSince}, with the net change of every class as its last row. */
    String growthTable(ClassHistogram before, int top) {
        StringBuilder b = new StringBuilder("| class | instances | bytes |\n| --- | --- | --- |\n");
        for (Change c : grownSince(before, top)) {
            b.append(String.format(Locale.ROOT, "| `%s` | %+d | %+d |%n", c.className(), c.instances(), c.bytes()));
        }
        b.append(String.format(Locale.ROOT, "| every class, net | | %+d |%n", totalBytes - before.totalBytes()));
        return b.toString();
    }
}
