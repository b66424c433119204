package dev.understudy.bench;

import dev.understudy.bench.server.PeerFrames;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figures 4-6, over the JDK's WebSocket client: connect + token + welcome latency, one socket's event rate, and many
 * idle sessions at once (time to open them, the server's heap per session and its threads).
 */
final class WebSocketFigures {

    static final List<Peer> WEBSOCKET_PEERS = List.of(Peer.UNDERSTUDY, Peer.UNDERTOW, Peer.MOCKWEBSERVER);

    private static final Duration STEP = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final Duration STREAM_WARMUP = Duration.ofSeconds(3);
    /** A stream run is short (well under a second): three per repetition asked for. */
    private static final int STREAM_REPS_PER_REP = 3;
    /** OkHttp closes a socket whose outgoing queue passes 16 MiB; a stream request stays below this. */
    private static final long OKHTTP_QUEUE_LIMIT = 15L * 1024 * 1024;

    private final Bench bench;

    WebSocketFigures(Bench bench) {
        this.bench = bench;
    }

    private URI wsUri(ServerProcess server) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    private static HttpClient newClient(ExecutorService executor) {
        return HttpClient.newBuilder().executor(executor).connectTimeout(STEP).build();
    }

    // ------------------------------------------------------------------------------------------------ figure 4

    List<Row> connect() {
        Options o = bench.options;
        Row p50 = new Row("4a", "WebSocket connect + JWT + welcome, p50 (ms), " + o.wsConnects + " sequential connects", 3);
        Row p99 = new Row("4b", "WebSocket connect + JWT + welcome, p99 (ms)", 3);
        Row cpu = new Row("4c", "server CPU per connect + welcome + close (µs)", 1);
        // Every server runs at once and the connects take turns among them (the order rotating each round), so a
        // slow stretch of this shared machine falls on every peer alike instead of on whichever ran then.
        List<Contender> contenders = new ArrayList<>();
        try {
            for (Peer peer : bench.withBaseline(WEBSOCKET_PEERS)) {
                bench.progress("figure 4: starting " + peer.label());
                Contender c = new Contender(peer);
                try {
                    c.start();
                    contenders.add(c);
                } catch (Exception e) {
                    c.close();
                    bench.failed(p50, peer, e);
                    p99.text(peer, "failed");
                    cpu.text(peer, "failed");
                }
            }
            for (Contender c : contenders) {
                bench.progress("figure 4: warming up " + c.peer.label());
                c.warmUp(o.wsWarmup, p50);
            }
            for (int rep = 0; rep < o.loadReps; rep++) {
                bench.progress("figure 4: repetition " + (rep + 1) + ", " + o.wsConnects + " connects to each, in turn");
                List<Contender> live = contenders.stream().filter(c -> c.failure == null).toList();
                for (Contender c : live) {
                    c.beginRep();
                }
                for (int first = 0; first < o.wsConnects; first += CONNECT_BLOCK) {
                    int end = Math.min(o.wsConnects, first + CONNECT_BLOCK);
                    int round = first / CONNECT_BLOCK;
                    for (int k = 0; k < live.size(); k++) {
                        live.get((round + k) % live.size()).connectBlock(first, end, p50);
                    }
                }
                for (Contender c : live) {
                    c.endRep(o.wsConnects);
                }
            }
            for (Contender c : contenders) {
                if (c.failure != null) {
                    p99.text(c.peer, "failed");
                    cpu.text(c.peer, "failed");
                } else {
                    p50.value(c.peer, Summary.of(c.medians));
                    p99.value(c.peer, Summary.of(c.tails));
                    cpu.value(c.peer, Summary.of(c.cpus));
                }
            }
        } finally {
            contenders.forEach(Contender::close);
        }
        p50.notes.add("from buildAsync to the whole welcome frame, one connection at a time, each closed (1000) before "
                + "the next; understudy gets a real token minted by the server (subprotocols `jwt-auth`, "
                + "`jwt.<base64url token>`), the peers the same headers and answer the same subprotocol. The servers run "
                + "side by side and take turns of " + CONNECT_BLOCK + " connects, the order rotating each round; each "
                + "server is warmed up with " + o.wsWarmup + " connects of its own first. 4c is the server's CPU read "
                + "around its own turns only.");
        double u = p50.understudy();
        double raw = p50.median(Peer.UNDERTOW);
        if (Double.isNaN(u) || Double.isNaN(raw)) {
            p50.targetUnjudged("≤ 1.15× raw Undertow");
        } else {
            p50.target("≤ 1.15× raw Undertow", u <= 1.15 * raw);
        }
        return List.of(p50, p99, cpu);
    }

    /**
     * Connects per turn in figure 4: short enough that the turns share the machine's slow stretches, long enough that
     * reading the server's CPU around each turn costs nothing and leaves out what it does while the others run.
     */
    private static final int CONNECT_BLOCK = 50;

    /** One server of figure 4, its own client and its figures per repetition. */
    private final class Contender implements AutoCloseable {
        final Peer peer;
        final ExecutorService executor = Executors.newFixedThreadPool(2);
        final List<Double> medians = new ArrayList<>();
        final List<Double> tails = new ArrayList<>();
        final List<Double> cpus = new ArrayList<>();
        ServerProcess server;
        HttpClient client;
        URI uri;
        List<String> tokens;
        Histogram histogram;
        long cpuInTurns;
        Exception failure;

        Contender(Peer peer) {
            this.peer = peer;
        }

        void start() throws Exception {
            server = bench.serve(peer, List.of());
            client = newClient(executor);
            tokens = server.tokens("connect-user-", 16);
            uri = wsUri(server);
        }

        void warmUp(int count, Row row) {
            try {
                connects(client, uri, tokens, count);
            } catch (Exception e) {
                fail(e, row);
            }
        }

        void beginRep() {
            histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
            cpuInTurns = 0;
        }

        /** One turn: connects {@code first} to {@code end - 1}, the server's CPU read before and after. */
        void connectBlock(int first, int end, Row row) {
            if (failure != null) {
                return;
            }
            long cpu0 = server.cpuNanos();
            for (int i = first; i < end; i++) {
                connectOnce(i, row);
            }
            cpuInTurns += server.cpuNanos() - cpu0;
        }

        private void connectOnce(int i, Row row) {
            if (failure != null) {
                return;
            }
            try {
                WsSession session = WsSession.open(client, uri, tokens.get(i % tokens.size()));
                double ms = session.awaitWelcomeMillis(STEP);
                histogram.recordValue(Math.min(Math.round(ms * 1000), histogram.getHighestTrackableValue()));
                session.close(CLOSE_WAIT);
            } catch (Exception e) {
                fail(e, row);
            }
        }

        void endRep(int count) {
            if (failure != null) {
                return;
            }
            cpus.add(cpuInTurns / 1e3 / count);
            medians.add(histogram.getValueAtPercentile(50) / 1e3);
            tails.add(histogram.getValueAtPercentile(99) / 1e3);
        }

        private void fail(Exception e, Row row) {
            if (failure == null) {
                failure = e;
                bench.failed(row, peer, e);
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
            if (server != null) {
                server.close();
            }
        }
    }

    /** {@code count} sequential connect → welcome → close; latencies in microseconds. */
    private Histogram connects(HttpClient client, URI uri, List<String> tokens, int count) throws Exception {
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        for (int i = 0; i < count; i++) {
            WsSession session = WsSession.open(client, uri, tokens.get(i % tokens.size()));
            double ms = session.awaitWelcomeMillis(STEP);
            h.recordValue(Math.min(Math.round(ms * 1000), h.getHighestTrackableValue()));
            session.close(CLOSE_WAIT);
        }
        return h;
    }

    // ------------------------------------------------------------------------------------------------ figure 5

    List<Row> stream() {
        Options o = bench.options;
        Row row = new Row("5a", "one socket: events/s, " + o.streamEvents + " events until agent_completed (higher is better)", 0);
        Row cpu = new Row("5b", "server CPU per streamed event (µs)", 2);
        List<String> driverCpu = new ArrayList<>();
        // As in figure 4, the servers run side by side and the measured runs take turns among them.
        List<Streamer> streamers = new ArrayList<>();
        int frameSize = 0;
        try {
            for (Peer peer : bench.withBaseline(WEBSOCKET_PEERS)) {
                Streamer st = new Streamer(peer);
                try {
                    bench.progress("figure 5: starting and warming up " + peer.label());
                    st.start(o.streamEvents);
                    if (!isUnderstudy(peer)) {
                        int size = frameSize > 0 ? frameSize : 600;
                        if ((long) size * o.streamEvents > OKHTTP_QUEUE_LIMIT) {
                            throw new IllegalStateException(o.streamEvents + " frames of " + size + " chars pass OkHttp's "
                                    + "16 MiB send queue; lower --stream-events");
                        }
                        st.request = PeerFrames.streamRequest(o.streamEvents, size);
                    }
                    st.warmUp();
                    if (peer == Peer.UNDERSTUDY) {
                        frameSize = st.warmFrameSize;
                    }
                    streamers.add(st);
                } catch (Exception e) {
                    st.close();
                    bench.failed(row, peer, e);
                    cpu.text(peer, "failed");
                }
            }
            int runs = STREAM_REPS_PER_REP * o.reps;
            bench.progress("figure 5: " + runs + " measured runs of each, in turn");
            for (int i = 0; i < runs; i++) {
                for (int k = 0; k < streamers.size(); k++) {
                    streamers.get((i + k) % streamers.size()).measure(row);
                }
            }
            for (Streamer st : streamers) {
                if (st.failure != null) {
                    cpu.text(st.peer, "failed");
                    continue;
                }
                driverCpu.add(String.format(Locale.ROOT, "%s %.2f", st.peer.shortName(), st.driverNanos / 1e3 / st.frames));
                if (st.frames / runs != o.streamEvents) {
                    row.notes.add(st.peer.label() + " sent " + st.frames / runs + " frames per run, not " + o.streamEvents);
                }
                row.value(st.peer, Summary.of(st.rates));
                cpu.value(st.peer, Summary.of(st.cpuNanos / 1e3 / st.frames));
            }
        } finally {
            streamers.forEach(Streamer::close);
        }
        row.notes.add("understudy plays an unpaced scenario (`withPacing(Duration.ZERO)`) of agent_started, agent_thinking, "
                + "partial_result × " + (o.streamEvents - 5) + ", one tool call and agent_completed, each frame built with "
                + "the full envelope; the peers send the same number of prebuilt frames of understudy's mean size ("
                + (frameSize > 0 ? frameSize : 600) + " chars). Rate = frames ÷ (request sent → terminal frame received); "
                + "each server is warmed up for " + STREAM_WARMUP.toSeconds() + " s (at least 10 runs), then the "
                + STREAM_REPS_PER_REP * o.reps + " measured runs on each one's socket take turns among the servers, which "
                + "run side by side. 5b is the server's CPU over its measured runs ÷ their events.");
        cpu.notes.add("the driver's own CPU per event received (the JDK WebSocket client, on the same 2 cores), µs: "
                + String.join(", ", driverCpu) + ".");
        double u = row.understudy();
        double raw = row.median(Peer.UNDERTOW);
        double mws = row.median(Peer.MOCKWEBSERVER);
        String target = "≥ 0.7× raw Undertow and ≥ 1.5× mockwebserver3";
        if (Double.isNaN(u) || Double.isNaN(raw) || Double.isNaN(mws)) {
            row.targetUnjudged(target);
        } else {
            row.target(target, u >= 0.7 * raw && u >= 1.5 * mws);
        }
        return List.of(row, cpu);
    }

    private static boolean isUnderstudy(Peer peer) {
        return peer == Peer.UNDERSTUDY || peer == Peer.BASELINE;
    }

    /** One server of figure 5: its socket, its request and what its measured runs added up to. */
    private final class Streamer implements AutoCloseable {
        final Peer peer;
        final ExecutorService executor = Executors.newFixedThreadPool(2);
        final List<Double> rates = new ArrayList<>();
        ServerProcess server;
        WsSession session;
        String request = "{\"type\":\"user_message\",\"payload\":{\"content\":\"Stream the long answer\","
                + "\"thread_id\":\"thread_bench\"}}";
        int warmFrameSize;
        long frames;
        long cpuNanos;
        long driverNanos;
        Exception failure;

        Streamer(Peer peer) {
            this.peer = peer;
        }

        void start(int events) throws Exception {
            server = bench.serve(peer, isUnderstudy(peer) ? List.of("stream=" + events) : List.of());
            session = WsSession.open(newClient(executor), wsUri(server), server.tokens("stream-user-", 1).get(0));
            session.awaitWelcomeMillis(STEP);
        }

        /** Until the JIT has settled: at least STREAM_WARMUP of streaming and 10 runs (at most 200). */
        void warmUp() throws Exception {
            long warmUntil = System.nanoTime() + STREAM_WARMUP.toNanos();
            for (int i = 0; i < 200 && (i < 10 || System.nanoTime() < warmUntil); i++) {
                streamOnce(session, request);
            }
            warmFrameSize = session.frames() == 0 ? 0 : (int) (session.chars() / session.frames());
        }

        void measure(Row row) {
            if (failure != null) {
                return;
            }
            try {
                long cpu0 = server.cpuNanos();
                long driver0 = driverCpuNanos();
                rates.add(streamOnce(session, request));
                driverNanos += driverCpuNanos() - driver0;
                cpuNanos += server.cpuNanos() - cpu0;
                frames += session.frames();
            } catch (Exception e) {
                failure = e;
                bench.failed(row, peer, e);
            }
        }

        @Override
        public void close() {
            try {
                if (session != null) {
                    session.close(CLOSE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor.shutdownNow();
            if (server != null) {
                server.close();
            }
        }
    }

    /** One stream run on a welcomed session: its rate in frames per second. */
    private static double streamOnce(WsSession session, String request) throws Exception {
        session.resetRun();
        long start = System.nanoTime();
        session.send(request, STEP);
        long end = session.terminal().get(60, TimeUnit.SECONDS);
        return session.frames() / ((end - start) / 1e9);
    }

    private static long driverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    // ------------------------------------------------------------------------------------------------ figure 6

    List<Row> sessions() {
        Options o = bench.options;
        int n = o.sessions;
        Row open = new Row("6a", String.format(Locale.ROOT, "%,d concurrent sessions: time to open them all (s)", n), 2);
        Row heap = new Row("6b", "server heap per idle session, after GC (bytes)", 0);
        Row threads = new Row("6c", String.format(Locale.ROOT, "server threads with %,d sessions open", n), 0);
        boolean understudyThreadPerConnection = false;
        for (Peer peer : bench.withBaseline(WEBSOCKET_PEERS)) {
            List<Double> times = new ArrayList<>();
            List<Double> perSession = new ArrayList<>();
            List<Double> live = new ArrayList<>();
            int idleThreads = 0;
            try {
                for (int rep = 0; rep < o.loadReps; rep++) {
                    bench.progress("figure 6: " + peer.label() + ", repetition " + (rep + 1));
                    SessionRun r = sessionRun(peer, n, rep);
                    times.add(r.seconds);
                    perSession.add((double) (r.heapAfter - r.heapBefore) / n);
                    live.add((double) r.threadsAfter);
                    idleThreads = r.threadsBefore;
                    if (r.failed > 0) {
                        open.notes.add(peer.label() + ": " + r.failed + " of " + n + " sessions failed to open (repetition "
                                + (rep + 1) + "): " + r.firstFailure);
                    }
                }
                open.value(peer, Summary.of(times));
                heap.value(peer, Summary.of(perSession));
                threads.value(peer, Summary.of(live));
                boolean perConnection = Summary.of(live).median() - idleThreads >= n / 2.0;
                threads.text(peer, "(idle " + idleThreads + (perConnection ? "; a thread per connection" : "") + ")");
                if (peer == Peer.UNDERSTUDY) {
                    understudyThreadPerConnection = perConnection;
                }
            } catch (Exception e) {
                bench.failed(open, peer, e);
                heap.text(peer, "failed");
                threads.text(peer, "failed");
            }
        }
        open.notes.add("each repetition in a fresh server process: " + Math.min(500, n / 10) + " sessions opened and "
                + "closed to warm up, then heap and threads read (after System.gc()), " + n + " sessions opened "
                + o.sessionConcurrency + " at a time with the JDK client (each waits for its welcome), heap and threads read "
                + "again. understudy: one user per session (the default cap is 10 sockets per user).");
        double u = heap.understudy();
        double raw = heap.median(Peer.UNDERTOW);
        String target = "no thread per connection and ≤ 1.5× raw Undertow's heap per session";
        if (Double.isNaN(u) || Double.isNaN(raw)) {
            heap.targetUnjudged(target);
        } else {
            heap.target(target, !understudyThreadPerConnection && u <= 1.5 * raw);
        }
        return List.of(open, heap, threads);
    }

    private record SessionRun(double seconds, long heapBefore, long heapAfter, int threadsBefore, int threadsAfter,
                              int failed, String firstFailure) {
    }

    private SessionRun sessionRun(Peer peer, int n, int rep) throws Exception {
        int warm = Math.min(500, n / 10);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (ServerProcess server = bench.serve(peer, List.of())) {
            HttpClient client = newClient(executor);
            URI uri = wsUri(server);
            List<String> tokens = server.tokens("session-" + rep + "-", n + warm);
            closeAll(openMany(client, uri, tokens.subList(n, n + warm)).sessions);
            int threadsBefore = server.threads();
            long heapBefore = server.heap();
            Opened opened = openMany(client, uri, tokens.subList(0, n));
            int threadsAfter = server.threads();
            long heapAfter = server.heap();
            closeAll(opened.sessions);
            return new SessionRun(opened.seconds, heapBefore, heapAfter, threadsBefore, threadsAfter, opened.failed,
                    opened.firstFailure);
        } finally {
            executor.shutdownNow();
        }
    }

    private record Opened(List<WsSession> sessions, double seconds, int failed, String firstFailure) {
    }

    /** Opens one session per token, {@code concurrency} upgrades in flight, each done at its welcome. */
    private Opened openMany(HttpClient client, URI uri, List<String> tokens) throws InterruptedException {
        Semaphore inFlight = new Semaphore(bench.options.sessionConcurrency);
        List<WsSession> sessions = new ArrayList<>(tokens.size());
        AtomicLong lastWelcome = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(60 + tokens.size() / 50);
        for (String token : tokens) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            WsSession s = WsSession.open(client, uri, token);
            s.welcome.whenComplete((at, failure) -> {
                if (at != null) {
                    lastWelcome.accumulateAndGet(at, Math::max);
                }
                inFlight.release();
            });
            sessions.add(s);
        }
        int failed = tokens.size() - sessions.size();
        String firstFailure = failed > 0 ? "gave up opening after the deadline" : "";
        for (WsSession s : sessions) {
            try {
                s.welcome.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                failed++;
                if (firstFailure.isEmpty()) {
                    firstFailure = String.valueOf(e.getCause() != null ? e.getCause() : e);
                }
            }
        }
        double seconds = (Math.max(lastWelcome.get(), start) - start) / 1e9;
        return new Opened(sessions, seconds, failed, firstFailure);
    }

    /** Starts every close at once, waits (bounded) for the server's answers, aborts the rest. */
    private static void closeAll(List<WsSession> sessions) throws InterruptedException {
        sessions.forEach(WsSession::startClose);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (WsSession s : sessions) {
            s.awaitClosedOrAbort(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }
}
