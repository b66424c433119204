package dev.understudy.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server under test in its own JVM, driven over stdin/stdout by the benchmark.
 *
 * <pre>
 * java -cp CP dev.understudy.bench.server.ServerMain PEER_CLASS [--port N] [key=value ...]           serve
 * java -cp CP dev.understudy.bench.server.ServerMain PEER_CLASS --start-timing [key=value ...]       figure 1
 * </pre>
 *
 * <p>Serving, it prints {@code READY <port>} and answers one command a line: {@code heap} ({@code HEAP <bytes>}, used
 * heap after full GCs), {@code threads} ({@code THREADS <live>}), {@code cpu} ({@code CPU <nanoseconds>} this process has used),
 * {@code tokens <prefix> <n>} (n lines
 * {@code TOKEN <jwt>} for users prefix0..prefix(n-1), then {@code END}), {@code quit}. It stops when stdin closes, so
 * a driver that dies leaves no server behind.
 *
 * <p>With {@code --start-timing} it times, from the first line of main, the server's start and the first 200 on
 * {@code /health} from the JDK's HttpClient in this JVM, then the same for a second server in the now-warm JVM, prints
 * {@code TIMING <start ms> <first 200 ms> <second start ms> <second first 200 ms>} and exits.
 */
@SuppressWarnings("try")   // PeerServer.close may throw InterruptedException: this process exits right after
public final class ServerMain {

    private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(30);

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        String peerClass = args[0];
        int port = 0;
        boolean startTiming = false;
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--start-timing")) {
                startTiming = true;
            } else if (args[i].contains("=")) {
                int eq = args[i].indexOf('=');
                options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            } else {
                throw new IllegalArgumentException("ServerMain: unknown argument '" + args[i] + "'");
            }
        }
        PrintStream out = System.out;
        if (startTiming) {
            timeStarts(t0, peerClass, options, out);
            System.exit(0);
        }
        try (PeerServer server = newPeer(peerClass)) {
            int bound = server.start(port, options);
            out.println("READY " + bound);
            out.flush();
            serve(server, out);
        }
        System.exit(0);
    }

    private static void timeStarts(long t0, String peerClass, Map<String, String> options, PrintStream out) throws Exception {
        try (PeerServer first = newPeer(peerClass)) {
            int port = first.start(0, options);
            long started = System.nanoTime();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            awaitHealth(client, port);
            long first200 = System.nanoTime();
            try (PeerServer second = newPeer(peerClass)) {
                long t1 = System.nanoTime();
                int port2 = second.start(0, options);
                long started2 = System.nanoTime();
                awaitHealth(client, port2);
                long second200 = System.nanoTime();
                out.println("TIMING " + millis(started - t0) + " " + millis(first200 - t0) + " "
                        + millis(started2 - t1) + " " + millis(second200 - t1));
                out.flush();
            }
        }
    }

    private static void awaitHealth(HttpClient client, int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + HEALTH_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet: try again
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no 200 on /health of port " + port + " within " + HEALTH_DEADLINE);
    }

    private static void serve(PeerServer server, PrintStream out) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split(" ");
            switch (words[0]) {
                case "heap" -> out.println("HEAP " + heapAfterGc());
                case "threads" -> out.println("THREADS " + ManagementFactory.getThreadMXBean().getThreadCount());
                case "cpu" -> out.println("CPU " + ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
                case "tokens" -> {
                    int n = Integer.parseInt(words[2]);
                    StringBuilder block = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        block.append("TOKEN ").append(server.token(words[1] + i)).append('\n');
                    }
                    out.print(block);
                    out.println("END");
                }
                case "quit" -> {
                    return;
                }
                case "" -> {
                }
                default -> out.println("ERROR unknown command '" + words[0] + "'");
            }
            out.flush();
        }
    }

    /** Used heap once full collections have run and the heap stopped shrinking (at most five rounds). */
    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(100);
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used - 64 * 1024) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    private static PeerServer newPeer(String className) throws ReflectiveOperationException {
        return (PeerServer) Class.forName(className).getDeclaredConstructor().newInstance();
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
