package dev.understudy.bench;

import dev.understudy.mock.Limits;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.journal.Journal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak: one embedded server under mixed traffic for a while (runs, faults added and removed over the admin API,
 * hung and dropped connections, bad frames), then its descriptors, threads and heap after GC compared with where
 * they started. Not part of {@code mvn verify}:
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp 'benchmarks/target/understudy-benchmarks.jar:benchmarks/target/lib/*' dev.understudy.bench.Soak [--minutes 30] [--seed N] [--out FILE]
 * </pre>
 */
public final class Soak {

    private final MockStagingServer server;
    /** The driver's own threads, made once: a pool that grew and shrank would move the thread count it measures. */
    private final ExecutorService driver = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "soak-driver");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(driver).connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random;
    private final String token;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong faultsAdded = new AtomicLong();
    private final AtomicLong hung = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<String> failureNotes = new ArrayList<>();

    private Soak(MockStagingServer server, long seed) {
        this.server = server;
        this.random = new Random(seed);
        this.token = server.mintToken("soak");
        for (int i = 0; i < HUNG_TOKENS; i++) {
            hungTokens.add(server.mintToken("hung")); // the faults are scoped to this user
        }
    }

    /**
     * Tokens for the hung connections, minted once: the server remembers up to 4,096 accepted tokens and starts that
     * memory over when it is full, so a fresh token per step would make the heap a saw-tooth of up to ~2.5 MiB that
     * no two readings share.
     */
    private static final int HUNG_TOKENS = 64;
    private final List<String> hungTokens = new ArrayList<>();

    /**
     * One reading: the process's descriptors and threads, the heap after GC, its live bytes with their class
     * histogram (kept in a file), and what the server says it holds.
     */
    record Figures(int descriptors, int threads, long heapAfterGc, long liveBytes, Path histogram, int openSockets,
                   int held, int journaled) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "fds %d, threads %d, heap %d KiB (live %d KiB), open %d, held %d, journaled %d",
                    descriptors, threads, heapAfterGc / 1024, liveBytes / 1024, openSockets, held, journaled);
        }
    }

    public static void main(String[] args) throws Exception {
        double minutes = 30;
        long seed = System.nanoTime();
        Path out = Path.of("benchmarks/results/soak.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: Soak [--minutes 30] [--seed N] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        System.out.println("soak: " + minutes + " min, seed " + seed);
        try (MockStagingServer server = MockStagingServer.builder().ioThreads(2).maxSocketsPerUser(100_000)
                .limits(Limits.defaults().withMaxHeldConnections(64)).start()) {
            Soak soak = new Soak(server, seed);
            // Warm-up: every kind of traffic, until the journal holds as much as it ever keeps (its bounds are the
            // server's one deliberate growth); the baseline is taken full, and again with the journal emptied.
            int warm = soak.warmUp(Duration.ofMinutes(5), 20_000);
            soak.settle();
            Figures start = soak.figures();
            server.journal().clear();
            soak.settle();
            Figures startEmpty = soak.figures();
            System.out.println("start after " + warm + " warm-up steps: " + start + "; journal emptied: " + startEmpty);
            Instant began = Instant.now();
            Instant end = began.plus(Duration.ofMillis((long) (minutes * 60_000)));
            Instant nextReport = began.plus(Duration.ofMinutes(1));
            List<String> samples = new ArrayList<>();
            long steps = 0;
            while (Instant.now().isBefore(end)) {
                soak.step(steps++);
                if (Instant.now().isAfter(nextReport)) {
                    nextReport = nextReport.plus(Duration.ofMinutes(1));
                    String line = String.format(Locale.ROOT, "%5.1f min: steps %d, runs %d, fds %d, threads %d, open %d, held %d",
                            Duration.between(began, Instant.now()).toMillis() / 60_000.0, steps, soak.runs.get(),
                            descriptors(), threads(), server.openSockets(), soak.held());
                    samples.add(line);
                    System.out.println(line);
                }
            }
            Duration ran = Duration.between(began, Instant.now());
            soak.settle();
            Figures finish = soak.figures();
            server.journal().clear();
            soak.settle();
            Figures finishEmpty = soak.figures();
            System.out.println("end: " + finish + "; journal emptied: " + finishEmpty);
            String report = soak.report(start, finish, startEmpty, finishEmpty, ran, seed, warm, samples);
            System.out.println(report);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
        }
    }

    /** Steps until the journal is at its bounds (connections and requests), at most {@code maxSteps} or {@code limit}. */
    private int warmUp(Duration limit, int maxSteps) {
        long until = System.nanoTime() + limit.toNanos();
        int n = 0;
        while (n < 200 || (n < maxSteps && System.nanoTime() < until && !journalFull())) {
            step(n++);
        }
        if (!journalFull()) {
            System.out.println("warm-up: the journal did not fill in " + n + " steps; the baseline is taken as it is");
        }
        return n;
    }

    private boolean journalFull() {
        return server.journal().connections().size() >= Journal.MAX_CONNECTIONS
                && server.journal().requests().size() >= Journal.MAX_HTTP_REQUESTS;
    }

    /** One step of traffic, chosen at random with fixed weights. */
    private void step(long n) {
        int pick = random.nextInt(100);
        try {
            if (pick < 35) {
                run();
            } else if (pick < 50) {
                faultRoundTrip();
            } else if (pick < 65) {
                hungConnections();
            } else if (pick < 75) {
                droppedConnection();
            } else if (pick < 90) {
                badFrame();
            } else {
                health();
            }
        } catch (Exception e) {
            failures.incrementAndGet();
            if (failureNotes.size() < 20) {
                failureNotes.add("step " + n + " (" + pick + "): " + e);
            }
        }
    }

    private void run() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        StringBuilder partial = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .subprotocols("jwt-auth", "jwt." + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(token.getBytes(StandardCharsets.UTF_8)))
                .buildAsync(server.webSocketUri(random.nextBoolean() ? "/ws" : "/api/v1/websocket"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String text = partial.toString();
                            partial.setLength(0);
                            if (text.contains("\"agent_completed\"")) {
                                done.complete(null);
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"type\":\"user_message\",\"content\":\"soak\"}", true).get(5, TimeUnit.SECONDS);
            done.get(10, TimeUnit.SECONDS);
            runs.incrementAndGet();
            ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        } finally {
            ws.abort();
        }
    }

    private void faultRoundTrip() throws Exception {
        String[] faults = {
                "{\"fault\":\"status\",\"code\":503,\"path\":\"/nowhere\"}",
                "{\"fault\":\"delay\",\"delay_ms\":5,\"path\":\"/health\",\"times\":1}",
                "{\"fault\":\"omit\",\"event\":\"tool_completed\",\"user\":\"nobody\"}",
                "{\"fault\":\"slow-pong\",\"delay_ms\":10,\"user\":\"nobody\"}"};
        HttpResponse<String> added = http.send(HttpRequest.newBuilder(server.adminUri().resolve("/faults"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(faults[random.nextInt(faults.length)])).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(added.statusCode() == 201, "POST /faults answered " + added.statusCode());
        faultsAdded.incrementAndGet();
        String id = added.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpResponse<String> removed = http.send(HttpRequest.newBuilder(server.adminUri().resolve("/faults/" + id))
                .timeout(Duration.ofSeconds(5)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        expect(removed.statusCode() == 204 || removed.statusCode() == 404, "DELETE answered " + removed.statusCode());
    }

    /** A few connections held by hang, blackhole or no-welcome, then left by their clients (FIN or RST). */
    private void hungConnections() throws Exception {
        String[] holds = {"{\"fault\":\"hang\",\"path\":\"/ws\",\"user\":\"hung\"}", "{\"fault\":\"no-welcome\",\"user\":\"hung\"}"};
        HttpResponse<String> added = http.send(HttpRequest.newBuilder(server.adminUri().resolve("/faults"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(holds[random.nextInt(holds.length)])).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(added.statusCode() == 201, "POST /faults answered " + added.statusCode());
        String id = added.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        List<Socket> sockets = new ArrayList<>();
        try {
            String hungToken = hungTokens.get(random.nextInt(HUNG_TOKENS));
            for (int i = 0; i < 5; i++) {
                Socket s = connect();
                upgrade(s, hungToken);
                sockets.add(s);
            }
            health();
        } finally {
            for (Socket s : sockets) {
                if (random.nextBoolean()) {
                    s.setSoLinger(true, 0);
                }
                s.close();
                hung.incrementAndGet();
            }
            http.send(HttpRequest.newBuilder(server.adminUri().resolve("/faults/" + id)).timeout(Duration.ofSeconds(5))
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private void droppedConnection() throws Exception {
        try (Socket s = connect()) {
            upgrade(s, token);
            s.getInputStream().read(new byte[256]);
            s.setSoLinger(true, 0);
        }
        dropped.incrementAndGet();
    }

    private void badFrame() throws Exception {
        try (Socket s = connect()) {
            upgrade(s, token);
            InputStream in = s.getInputStream();
            byte[] head = new byte[512];
            in.read(head);
            OutputStream out = s.getOutputStream();
            switch (random.nextInt(5)) {
                case 0 -> out.write(header(0x81, 0x8000_0000_0000_0000L | random.nextInt()));  // top bit
                case 1 -> out.write(header(0x81, 1L << 40));                                     // 1 TiB announced
                case 2 -> out.write(masked("{\"type\":\"ping\"} trailing"));                    // not one JSON value
                case 3 -> {                                                                       // random bytes
                    byte[] junk = new byte[1 + random.nextInt(64)];
                    random.nextBytes(junk);
                    out.write(junk);
                }
                default -> out.write(masked(""));                                                  // empty frame
            }
            out.flush();
            s.setSoTimeout(300);
            try {
                while (in.read(head) >= 0) {
                    // read until the server closes or goes quiet
                }
            } catch (IOException quiet) {
                // quiet or reset: either ends this client
            }
        }
        badFrames.incrementAndGet();
    }

    private void health() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.httpUri().resolve("/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        expect(r.statusCode() == 200, "/health answered " + r.statusCode());
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    private static void upgrade(Socket s, String token) throws IOException {
        s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] header(int b0, long length) {
        byte[] h = new byte[14];
        h[0] = (byte) b0;
        h[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (length >>> (56 - 8 * i));
        }
        return h; // the mask key is zeros
    }

    private static byte[] masked(String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[6 + p.length];
        f[0] = (byte) 0x81;
        f[1] = (byte) (0x80 | p.length);
        System.arraycopy(p, 0, f, 6, p.length); // mask key zeros: the payload as is
        return f;
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    /** Lets closes and the 1 s fail grace finish, then collects garbage until the heap stops shrinking. */
    private void settle() throws Exception {
        for (int i = 0; i < 30 && (server.openSockets() > 0 || held() > 0); i++) {
            Thread.sleep(200);
        }
        Thread.sleep(1500);
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            long used = heapUsed();
            if (used >= last) {
                break;
            }
            last = used;
        }
    }

    private Figures figures() throws Exception {
        Path histogram = Files.createTempFile("soak-histogram", ".txt");
        histogram.toFile().deleteOnExit();
        long heap = heapUsed();
        long live = ClassHistogram.takeInto(histogram);
        return new Figures(descriptors(), threads(), heap, live, histogram, server.openSockets(), held(),
                server.journal().connections().size() + server.journal().requests().size());
    }

    /** Every live thread of the process (not only this thread's group, as {@code Thread.activeCount()} counts). */
    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private int held() throws Exception {
        String body = http.send(HttpRequest.newBuilder(server.adminUri()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Integer.parseInt(body.replaceAll("(?s).*\"held_connections\"\\s*:\\s*(\\d+).*", "$1"));
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static int descriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private String report(Figures start, Figures end, Figures startEmpty, Figures endEmpty, Duration ran, long seed,
                          int warm, List<String> samples) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Soak\n\n");
        b.append(String.format(Locale.ROOT, "Run %s UTC: %.1f min of mixed traffic on one embedded server (seed %d; "
                        + "max held connections 64), `dev.understudy.bench.Soak`.%n%n",
                Instant.now().toString().substring(0, 16).replace('T', ' '), ran.toMillis() / 60_000.0, seed));
        b.append(String.format(Locale.ROOT, "Traffic: %d runs to agent_completed, %d faults added and removed over the "
                        + "admin API, %d hung connections (hang on the upgrade, no-welcome) left by their clients, "
                        + "%d dropped connections, %d bad frames (top-bit length, 1 TiB header, trailing JSON, "
                        + "random bytes, empty); %d steps failed.%n%n",
                runs.get(), faultsAdded.get(), hung.get(), dropped.get(), badFrames.get(), failures.get()));
        b.append(String.format(Locale.ROOT, "The baseline was taken after %d warm-up steps of the same traffic, %s "
                + "(it keeps at most %d connections and %d requests: its growth to those bounds is the one the server "
                + "means to have). Each end is read twice: as it is, and after `journal().clear()` (then GC again).%n%n",
                warm, start.journaled() >= Journal.MAX_CONNECTIONS + Journal.MAX_HTTP_REQUESTS
                        ? "with the journal at its bounds" : "**with the journal not yet full**",
                Journal.MAX_CONNECTIONS, Journal.MAX_HTTP_REQUESTS));
        b.append("| figure | start | end | change |\n| --- | --- | --- | --- |\n");
        row(b, "open descriptors (process)", start.descriptors(), end.descriptors());
        row(b, "live threads (process)", start.threads(), end.threads());
        row(b, "heap used after GC (KiB), journal full", start.heapAfterGc() / 1024, end.heapAfterGc() / 1024);
        row(b, "heap used after GC (KiB), journal emptied", startEmpty.heapAfterGc() / 1024, endEmpty.heapAfterGc() / 1024);
        row(b, "live objects (KiB, class histogram), journal full", start.liveBytes() / 1024, end.liveBytes() / 1024);
        row(b, "live objects (KiB, class histogram), journal emptied", startEmpty.liveBytes() / 1024,
                endEmpty.liveBytes() / 1024);
        row(b, "journal entries kept", start.journaled(), end.journaled());
        row(b, "open WebSockets", start.openSockets(), end.openSockets());
        row(b, "connections held by faults", start.held(), end.held());
        b.append("\nThe classes whose live objects grew most, end against start, journal full:\n\n")
                .append(ClassHistogram.read(end.histogram()).growthTable(ClassHistogram.read(start.histogram()), 12));
        b.append("\nThe same, journal emptied:\n\n").append(ClassHistogram.read(endEmpty.histogram())
                .growthTable(ClassHistogram.read(startEmpty.histogram()), 12));
        b.append("\nOne line a minute:\n\n```\n");
        samples.forEach(s -> b.append(s).append('\n'));
        b.append("```\n");
        if (!failureNotes.isEmpty()) {
            b.append("\nFailed steps (first 20):\n\n");
            failureNotes.forEach(f -> b.append("- ").append(f).append('\n'));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, long start, long end) {
        String change = start == 0 ? (end == 0 ? "0" : "+" + end)
                : String.format(Locale.ROOT, "%+.1f%%", 100.0 * (end - start) / start);
        b.append("| ").append(name).append(" | ").append(start).append(" | ").append(end).append(" | ").append(change).append(" |\n");
    }
}
