package dev.understudy.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
        peers = bench.withBaseline(peers);
        // The servers run side by side and the load runs take turns among them (the order rotating each
        // repetition), so a slow stretch of this shared machine falls on every server alike.
        Map<Peer, ServerProcess> servers = new LinkedHashMap<>();
        Map<Peer, List<double[]>> runs = new LinkedHashMap<>();
        Map<Peer, Long> errors = new LinkedHashMap<>();
        try {
            for (Peer peer : peers) {
                bench.progress("figure 3: starting and warming up " + peer.label());
                try {
                    ServerProcess server = bench.serve(peer, List.of());
                    servers.put(peer, server);
                    bench.load.run(uri(server), o.connections, Duration.ofSeconds(o.httpWarmup));
                    runs.put(peer, new ArrayList<>());
                    errors.put(peer, 0L);
                } catch (Exception e) {
                    bench.failed(rps, peer, e);
                    p99.text(peer, "failed");
                    cpu.text(peer, "failed");
                }
            }
            List<Peer> live = new ArrayList<>(runs.keySet());
            for (int i = 0; i < o.loadReps; i++) {
                bench.progress("figure 3: repetition " + (i + 1) + ", each server in turn");
                for (int k = 0; k < live.size(); k++) {
                    Peer peer = live.get((i + k) % live.size());
                    if (!runs.containsKey(peer)) {
                        continue;
                    }
                    ServerProcess server = servers.get(peer);
                    try {
                        long cpu0 = server.cpuNanos();
                        HttpLoad.Result r = bench.load.run(uri(server), o.connections, Duration.ofSeconds(o.httpSeconds));
                        long cpu1 = server.cpuNanos();
                        runs.get(peer).add(new double[]{r.requestsPerSecond(), r.p99Millis(),
                                (cpu1 - cpu0) / 1e3 / (r.requestsPerSecond() * o.httpSeconds)});
                        errors.merge(peer, r.errors(), Long::sum);
                    } catch (Exception e) {
                        runs.remove(peer);
                        bench.failed(rps, peer, e);
                        p99.text(peer, "failed");
                        cpu.text(peer, "failed");
                    }
                }
            }
        } finally {
            servers.values().forEach(ServerProcess::close);
        }
        runs.forEach((peer, list) -> {
            rps.value(peer, Summary.of(list.stream().map(r -> r[0]).toList()));
            p99.value(peer, Summary.of(list.stream().map(r -> r[1]).toList()));
            cpu.value(peer, Summary.of(list.stream().map(r -> r[2]).toList()));
            if (errors.get(peer) > 0) {
                rps.notes.add(String.format(Locale.ROOT, "%s: %d errors or non-200 answers", peer.label(), errors.get(peer)));
            }
        });
        rps.notes.add("driver: " + bench.load.describe() + (bench.load.usesWrk() ? " (`wrk -t2 -c" + o.connections
                + " -d" + o.httpSeconds + "s --latency`)" : "") + ", on the same 2 cores as the server; "
                + o.httpWarmup + " s of warm-up per server first; the servers run side by side and the load runs take "
                + "turns among them, the order rotating each repetition.");
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

    private static URI uri(ServerProcess server) {
        return URI.create("http://127.0.0.1:" + server.port() + "/health");
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
