package dev.understudy.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figures 1 and 2: how long until the first 200 on {@code /health}, started in-process in a fresh JVM (and again in
 * the warm one), and launched as a standalone process polled from outside (understudy also with a CDS archive).
 */
final class StartFigures {

    /** WireMock's start is measured once, in its default configuration (journal on). */
    static final List<Peer> STARTERS = List.of(Peer.UNDERSTUDY, Peer.UNDERTOW, Peer.MOCKWEBSERVER, Peer.WIREMOCK_JOURNAL);

    private static final Duration PROCESS_DEADLINE = Duration.ofSeconds(60);

    private final Bench bench;

    StartFigures(Bench bench) {
        this.bench = bench;
    }

    // ------------------------------------------------------------------------------------------------ figure 1

    List<Row> inProcess() {
        Row cold = new Row("1a", "cold JVM, in-process: main → server started → first 200 on /health (ms)", 1);
        Row warm = new Row("1b", "same JVM, warm: a second server → first 200 (ms)", 2);
        Map<Peer, Summary> startedOnly = new EnumMap<>(Peer.class);
        for (Peer peer : STARTERS) {
            List<Double> started = new ArrayList<>();
            List<Double> first = new ArrayList<>();
            List<Double> second = new ArrayList<>();
            try {
                for (int i = 0; i < 1 + bench.options.reps; i++) {
                    double[] t = startTiming(peer, i);
                    if (i > 0) { // the first launch warms the disk cache and is not counted
                        started.add(t[0]);
                        first.add(t[1]);
                        second.add(t[3]);
                    }
                }
                cold.value(peer, Summary.of(first));
                warm.value(peer, Summary.of(second));
                startedOnly.put(peer, Summary.of(started));
            } catch (Exception e) {
                bench.failed(cold, peer, e);
                warm.text(peer, "failed");
            }
        }
        StringBuilder started = new StringBuilder("time from main's first line until start() returned, i.e. before the "
                + "JDK HttpClient's first request (median ms): ");
        startedOnly.forEach((peer, s) -> started.append(peer.shortName()).append(' ').append(s.format(1)).append("; "));
        cold.notes.add(started.toString().replaceAll("; $", "") + ". The rest of 1a is the JDK HttpClient's first use "
                + "in a cold JVM, the same for every server.");
        cold.notes.add("WireMock's start (1a, 1b, 2a) is measured in its default configuration (journal on).");
        double u = cold.understudy();
        double wm = cold.median(Peer.WIREMOCK_JOURNAL);
        String coldTarget = "≤ 150 ms and ≤ 0.25× WireMock";
        if (Double.isNaN(u) || Double.isNaN(wm)) {
            cold.targetUnjudged(coldTarget);
        } else {
            cold.target(coldTarget, u <= 150 && u <= 0.25 * wm);
        }
        double w = warm.understudy();
        if (Double.isNaN(w)) {
            warm.targetUnjudged("≤ 10 ms");
        } else {
            warm.target("≤ 10 ms", w <= 10);
        }
        return List.of(cold, warm);
    }

    /** started, first 200, second started, second first 200 (ms), from one fresh JVM. */
    private double[] startTiming(Peer peer, int run) throws IOException {
        List<String> command = new ArrayList<>(List.of(bench.layout.java.toString(), "-cp", bench.layout.classpath(peer),
                "dev.understudy.bench.server.ServerMain", peer.serverClass(), "--start-timing"));
        command.addAll(peer.options());
        try (ServerProcess p = bench.launch("start-" + peer.name().toLowerCase() + "-" + run, command)) {
            String[] words = p.awaitLine("TIMING ", PROCESS_DEADLINE).split(" ");
            double[] t = new double[4];
            for (int i = 0; i < 4; i++) {
                t[i] = Double.parseDouble(words[i + 1]);
            }
            return t;
        }
    }

    // ------------------------------------------------------------------------------------------------ figure 2

    List<Row> standalone() throws IOException {
        Row row = new Row("2a", "standalone: JVM launch → first 200 on /health, polled from outside (ms)", 0);
        Row cds = new Row("2b", "standalone understudy with a CDS archive (ms)", 0);
        for (Peer peer : STARTERS) {
            try {
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < 1 + bench.options.reps; i++) {
                    double t = launchToFirst200(peer, List.of(), "launch-" + peer.name().toLowerCase() + "-" + i);
                    if (i > 0) {
                        times.add(t);
                    }
                }
                row.value(peer, Summary.of(times));
            } catch (Exception e) {
                bench.failed(row, peer, e);
            }
        }
        row.notes.add("understudy is the real standalone jar (`java -jar mock-backend/target/understudy-mock.jar --port P "
                + "--admin-port 0`, which also opens the admin port and mints a token before it prints its URLs); each peer "
                + "is a tiny main (`ServerMain`) on its own classpath. Default JVM flags for all.");
        for (Peer peer : Peer.others()) {
            if (row.values.containsKey(peer)) {
                cds.value(peer, row.values.get(peer));
            }
        }
        try {
            Path archive = trainArchive();
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 1 + bench.options.reps; i++) {
                double t = launchToFirst200(Peer.UNDERSTUDY, List.of("-XX:SharedArchiveFile=" + archive), "launch-cds-" + i);
                if (i > 0) {
                    times.add(t);
                }
            }
            cds.value(Peer.UNDERSTUDY, Summary.of(times));
            cds.notes.add("archive: a training run with `-XX:ArchiveClassesAtExit` (start, one /health, SIGTERM), "
                    + String.format(Locale.ROOT, "%.1f MB", Files.size(archive) / 1e6) + "; then `-XX:SharedArchiveFile`. "
                    + "The peers' columns repeat 2a (no archive).");
        } catch (Exception e) {
            bench.failed(cds, Peer.UNDERSTUDY, e);
        }
        double u = row.understudy();
        List<Double> peers = Peer.others().stream().map(row::median).filter(v -> !Double.isNaN(v)).toList();
        if (Double.isNaN(u) || peers.isEmpty()) {
            row.targetUnjudged("faster than every peer");
        } else {
            row.target("faster than every peer", peers.stream().allMatch(p -> u < p));
        }
        return List.of(row, cds);
    }

    /** Launches the server (understudy: the jar; peers: ServerMain on a fixed port) and polls until a 200. */
    private double launchToFirst200(Peer peer, List<String> jvmFlags, String name) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(bench.layout.java.toString());
        command.addAll(jvmFlags);
        if (peer == Peer.UNDERSTUDY) {
            requireMockJar();
            command.addAll(List.of("-jar", bench.layout.mockJar.toString(), "--port", String.valueOf(port), "--admin-port", "0"));
        } else {
            command.addAll(List.of("-cp", bench.layout.classpath(peer), "dev.understudy.bench.server.ServerMain",
                    peer.serverClass(), "--port", String.valueOf(port)));
            command.addAll(peer.options());
        }
        try (ServerProcess p = bench.launch(name, command)) {
            long ok = awaitFirst200(port, p);
            return (ok - p.launchedAt()) / 1e6;
        }
    }

    /** The nanoTime of the first 200 on /health, polling every millisecond for at most a minute. */
    private long awaitFirst200(int port, ServerProcess p) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + PROCESS_DEADLINE.toNanos();
        HttpClient client = bench.http;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // refused until it listens
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no 200 on /health of port " + port + " within " + PROCESS_DEADLINE.toSeconds()
                + " s" + p.stderrTail());
    }

    /** A dynamic CDS archive of the standalone mock: start, serve /health, stop with SIGTERM (which dumps it). */
    private Path trainArchive() throws Exception {
        requireMockJar();
        Path archive = bench.layout.benchJar.getParent().resolve("cds/understudy-mock.jsa");
        Files.createDirectories(archive.getParent());
        Files.deleteIfExists(archive);
        int port = freePort();
        List<String> command = List.of(bench.layout.java.toString(), "-XX:ArchiveClassesAtExit=" + archive,
                "-jar", bench.layout.mockJar.toString(), "--port", String.valueOf(port), "--admin-port", "0");
        try (ServerProcess p = ServerProcess.start("cds-training", command, bench.logDir)) {
            awaitFirst200(port, p);
            if (!p.terminate(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the CDS training run did not exit within 60 s of SIGTERM");
            }
        }
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IllegalStateException("the training run left no archive at " + archive);
        }
        return archive;
    }

    private void requireMockJar() {
        if (!Files.isRegularFile(bench.layout.mockJar)) {
            throw new IllegalStateException("no standalone jar at " + bench.layout.mockJar + ": build with mvn -DskipTests package");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
