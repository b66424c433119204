package dev.understudy.bench;

import java.util.ArrayList;
import java.util.List;

/** The results as Markdown: the machine and date, the table, and the notes that explain it. */
final class Report {

    private final List<String> machine;
    private final List<Row> rows;
    private final List<String> notes;

    Report(List<String> machine, List<Row> rows, List<String> notes) {
        this.machine = machine;
        this.rows = rows;
        this.notes = notes;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# understudy benchmarks\n\n");
        for (String line : machine) {
            md.append("- ").append(line).append('\n');
        }
        md.append('\n');
        List<Peer> columns = new ArrayList<>(Peer.others());
        if (rows.stream().anyMatch(r -> r.values.containsKey(Peer.BASELINE) || r.texts.containsKey(Peer.BASELINE))) {
            columns.add(Peer.BASELINE);
        }
        List<String> header = new ArrayList<>(List.of("#", "figure", Peer.UNDERSTUDY.label()));
        columns.forEach(p -> header.add(p.label()));
        header.addAll(List.of("understudy ÷ peer", "target", "result"));
        md.append(line(header));
        md.append(line(header.stream().map(h -> "---").toList()));
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.id, row.figure, row.cell(Peer.UNDERSTUDY)));
            columns.forEach(p -> cells.add(row.cell(p)));
            cells.addAll(List.of(row.ratios(), row.target, row.verdictText()));
            md.append(line(cells));
        }
        md.append("\nValues: median of the repetitions (min–max in brackets). A ratio is understudy's median divided "
                + "by the peer's: below 1 is better for times, above 1 for rates.\n");
        long pass = rows.stream().filter(r -> r.verdict == Row.Verdict.PASS).count();
        long miss = rows.stream().filter(r -> r.verdict == Row.Verdict.MISS).count();
        md.append("Targets: ").append(pass).append(" PASS, ").append(miss).append(" MISS.\n");
        List<String> all = new ArrayList<>(notes);
        for (Row row : rows) {
            for (String note : row.notes) {
                all.add(row.id + ": " + note);
            }
        }
        if (!all.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String note : all) {
                md.append("- ").append(note).append('\n');
            }
        }
        return md.toString();
    }

    private static String line(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }
}
