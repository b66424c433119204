package dev.understudy.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Figure 3: {@code /health} requests per second and p99 over a fixed number of keep-alive connections. */
final class HttpFigure {

    private final Bench bench;

    HttpFigure(Bench bench) {
        this.bench = bench;
    }

    List<Row> run() {
        Options o = bench.options;
        Row rps = new Row("3a", "/health requests/s, " + o.connections + " connections (higher is better)", 0);
        Row p99 = new Row("3b", "/health p99 latency under that load (ms)", 2);
        Row cpu = new Row("3c", "server CPU per /health request under that load (µs)", 1);
        List<Peer> peers = new ArrayList<>(List.of(Peer.UNDERSTUDY));
        peers.addAll(Peer.others());
        for (Peer peer : peers) {
            bench.progress("figure 3: " + peer.label());
            try (ServerProcess server = bench.serve(peer, List.of())) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/health");
                bench.load.run(uri, o.connections, Duration.ofSeconds(o.httpWarmup));
                List<Double> rates = new ArrayList<>();
                List<Double> tails = new ArrayList<>();
                List<Double> cpus = new ArrayList<>();
                long errors = 0;
                for (int i = 0; i < o.loadReps; i++) {
                    long cpu0 = server.cpuNanos();
                    HttpLoad.Result r = bench.load.run(uri, o.connections, Duration.ofSeconds(o.httpSeconds));
                    long cpu1 = server.cpuNanos();
                    cpus.add((cpu1 - cpu0) / 1e3 / (r.requestsPerSecond() * o.httpSeconds));
                    rates.add(r.requestsPerSecond());
                    tails.add(r.p99Millis());
                    errors += r.errors();
                }
                rps.value(peer, Summary.of(rates));
                p99.value(peer, Summary.of(tails));
                cpu.value(peer, Summary.of(cpus));
                if (errors > 0) {
                    rps.notes.add(String.format(Locale.ROOT, "%s: %d errors or non-200 answers", peer.label(), errors));
                }
            } catch (Exception e) {
                bench.failed(rps, peer, e);
                p99.text(peer, "failed");
                cpu.text(peer, "failed");
            }
        }
        rps.notes.add("driver: " + bench.load.describe() + (bench.load.usesWrk() ? " (`wrk -t2 -c" + o.connections
                + " -d" + o.httpSeconds + "s --latency`)" : "") + ", on the same 2 cores as the server; "
                + o.httpWarmup + " s of warm-up per server first.");
        rps.notes.add("mockwebserver3 keeps every request it served in memory (its default; nothing takes them), and "
                + "leaves Nagle's algorithm on: measured as it comes.");
        double u = rps.understudy();
        double raw = rps.median(Peer.UNDERTOW);
        double wm = Math.max(orZero(rps.median(Peer.WIREMOCK)), orZero(rps.median(Peer.WIREMOCK_JOURNAL)));
        String target = "≥ 0.8× raw Undertow and ≥ 2× WireMock (the faster of its two)";
        if (Double.isNaN(u) || Double.isNaN(raw) || wm == 0) {
            rps.targetUnjudged(target);
        } else {
            rps.target(target, u >= 0.8 * raw && u >= 2 * wm);
        }
        cpu.notes.add("the server process's CPU time (all threads, user + system) during a load run ÷ the requests "
                + "served; on 2 cores the load generator competes for the same CPUs, so CPU per request bounds the rate.");
        return List.of(rps, p99, cpu);
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
