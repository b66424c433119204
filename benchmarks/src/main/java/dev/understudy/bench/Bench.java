package dev.understudy.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark: one command runs every figure of issue #4 against understudy and its peers, each server in its own
 * JVM, prints the table and writes it to {@code benchmarks/results/latest.md}.
 *
 * <pre>
 * mvn -B -q -DskipTests package && java -jar benchmarks/target/understudy-benchmarks.jar [--quick] [--help]
 * </pre>
 */
public final class Bench {

    final Options options;
    final Layout layout;
    final Path logDir;
    final HttpLoad load;
    /** The driver's HTTP client for polling and warm-ups (the load figure makes its own). */
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long startedAt = System.nanoTime();
    private final List<String> notes = new ArrayList<>();
    private final AtomicInteger launches = new AtomicInteger();

    private Bench(Options options, Layout layout, HttpLoad load, List<String> notes) {
        this.options = options;
        this.layout = layout;
        this.load = load;
        this.logDir = layout.benchJar.getParent().resolve("bench-logs");
        this.notes.addAll(notes);
        if (options.jfr) {
            this.notes.add("--jfr: every server process ran with a JFR recording (bench-logs/*.jfr); its overhead is in these figures.");
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("understudy-benchmarks: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(Options.HELP);
            return;
        }
        Layout layout;
        try {
            layout = Layout.find(options.root, options.mockJar, options.baseline);
        } catch (IllegalArgumentException e) {
            System.err.println("understudy-benchmarks: " + e.getMessage());
            System.exit(2);
            return;
        }
        StringBuilder log = new StringBuilder();
        HttpLoad load = options.runs(3) ? HttpLoad.choose(options.wrk, options.install, log) : HttpLoad.choose(false, false, log);
        List<String> loadNotes = log.toString().lines().toList();
        Bench bench = new Bench(options, layout, load, loadNotes);
        int code = bench.run();
        System.exit(code);
    }

    private int run() {
        progress("settings: " + options.describe());
        List<Row> rows = new ArrayList<>();
        StartFigures starts = new StartFigures(this);
        WebSocketFigures ws = new WebSocketFigures(this);
        figure(1, rows, starts::inProcess);
        figure(2, rows, starts::standalone);
        figure(3, rows, () -> new HttpFigure(this).run());
        figure(4, rows, ws::connect);
        figure(5, rows, ws::stream);
        figure(6, rows, ws::sessions);
        figure(7, rows, () -> new FaultFigure(this).run());
        figure(8, rows, () -> new SuiteFigure(this).run());
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
        String markdown = new Report(Machine.describe(load, options, took), rows, notes).markdown();
        System.out.println(markdown);
        Path out = options.out != null ? options.out : layout.root.resolve("benchmarks/results/latest.md");
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, markdown, StandardCharsets.UTF_8);
            progress("wrote " + out + " after " + took.toMinutesPart() + " min " + took.toSecondsPart() + " s");
        } catch (IOException e) {
            System.err.println("Could not write " + out + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private void figure(int n, List<Row> rows, Callable<List<Row>> figure) {
        if (!options.runs(n)) {
            return;
        }
        progress("figure " + n);
        try {
            rows.addAll(figure.call());
        } catch (Exception e) {
            notes.add("figure " + n + " failed: " + e);
            progress("figure " + n + " failed: " + e);
        }
    }

    /** understudy, then the given peers, then the baseline build when {@code --baseline} names one. */
    List<Peer> withBaseline(List<Peer> peers) {
        List<Peer> all = new ArrayList<>(peers);
        if (layout.baseline != null) {
            all.add(Peer.BASELINE);
        }
        return all;
    }

    /** A ServerMain for the peer, READY within 60 s. */
    ServerProcess serve(Peer peer, List<String> extraOptions) throws IOException {
        String name = peer.name().toLowerCase(Locale.ROOT) + "-" + launches.incrementAndGet();
        return ServerProcess.serve(name, layout, peer, jvmFlags(name), extraOptions, logDir, Duration.ofSeconds(60));
    }

    /** Starts a process whose command begins with the java binary, adding the diagnostic JVM flags asked for. */
    ServerProcess launch(String name, List<String> command) throws IOException {
        List<String> withFlags = new ArrayList<>(command);
        withFlags.addAll(1, jvmFlags(name));
        return ServerProcess.start(name, withFlags, logDir);
    }

    /** {@code --jfr}: a profiling recording per process, dumped at its exit to bench-logs/NAME.jfr. */
    private List<String> jvmFlags(String name) {
        if (!options.jfr) {
            return List.of();
        }
        return List.of("-XX:StartFlightRecording=filename=" + logDir.resolve(name + ".jfr") + ",settings=profile,dumponexit=true,jdk.ExecutionSample#period=1ms",
                "-XX:FlightRecorderOptions:stackdepth=256");
    }

    /** Marks a peer's cell failed and keeps the reason for the notes (and the console). */
    void failed(Row row, Peer peer, Exception e) {
        row.text(peer, "failed");
        String why = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
        row.notes.add(peer.label() + " failed: " + why);
        progress(row.id + " " + peer.label() + " failed: " + why);
    }

    void progress(String message) {
        long s = (System.nanoTime() - startedAt) / 1_000_000_000L;
        System.err.printf(Locale.ROOT, "[bench %2d:%02d] %s%n", s / 60, s % 60, message);
    }

    static String now() {
        return ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT));
    }
}
