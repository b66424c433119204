package dev.understudy.bench;

import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.RecordUpstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the recording proxy costs (docs/recording.md#figures): connect-to-welcome and a ping/pong round trip, each
 * straight to a mock and through a recording proxy in front of it, on loopback; the ratio of their medians.
 *
 * <p>{@code java -cp ... dev.understudy.bench.RecordFigure [connects] [round-trips]}
 */
public final class RecordFigure {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private RecordFigure() {
    }

    public static void main(String[] args) throws Exception {
        int connects = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int trips = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Path out = Files.createTempDirectory("understudy-record-figure");
        try (MockStagingServer upstream = MockStagingServer.builder().journal(false).start();
             MockStagingServer proxy = MockStagingServer.builder().journal(false)
                     .recordUpstream(RecordUpstream.of(upstream.httpUri(), out)).start()) {
            String token = upstream.mintToken("figure-user");
            HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
            URI direct = upstream.webSocketUri("/ws");
            URI proxied = proxy.webSocketUri("/ws");
            // warm both paths up (JIT, pools) before anything is timed
            connects(client, direct, token, connects / 3);
            connects(client, proxied, token, connects / 3);
            trips(client, direct, token, trips / 3);
            trips(client, proxied, token, trips / 3);
            long[] cd = connects(client, direct, token, connects);
            long[] cp = connects(client, proxied, token, connects);
            long[] td = trips(client, direct, token, trips);
            long[] tp = trips(client, proxied, token, trips);
            System.out.println("recording proxy figures, loopback, " + Runtime.getRuntime().availableProcessors() + " cores");
            row("connect to welcome", cd, cp, connects);
            row("ping/pong round trip", td, tp, trips);
            System.out.printf(Locale.ROOT, "per frame through the proxy: +%.1f us (half the round trip's added median)%n",
                    (median(tp) - median(td)) / 2 / 1000.0);
        } finally {
            try (var files = Files.list(out)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(out);
        }
    }

    private static void row(String what, long[] direct, long[] proxied, int n) {
        System.out.printf(Locale.ROOT, "%-22s n=%-5d direct median %7.1f us p99 %7.1f us | proxied median %7.1f us p99 %7.1f us | ratio %.2fx%n",
                what, n, median(direct) / 1000.0, p99(direct) / 1000.0, median(proxied) / 1000.0, p99(proxied) / 1000.0,
                (double) median(proxied) / median(direct));
    }

    private static long[] connects(HttpClient client, URI uri, String token, int n) throws Exception {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            Listener l = new Listener();
            long start = System.nanoTime();
            WebSocket ws = builder(client, token).buildAsync(uri, l).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            take(l);
            t[i] = System.nanoTime() - start;
            ws.sendClose(1000, "").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            ws.abort();
        }
        return t;
    }

    private static long[] trips(HttpClient client, URI uri, String token, int n) throws Exception {
        long[] t = new long[n];
        Listener l = new Listener();
        WebSocket ws = builder(client, token).buildAsync(uri, l).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        take(l);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            ws.sendText("{\"type\":\"ping\"}", true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            String pong = take(l);
            t[i] = System.nanoTime() - start;
            if (!pong.contains("pong")) {
                throw new IllegalStateException("expected a pong, got " + pong);
            }
        }
        ws.sendClose(1000, "").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ws.abort();
        return t;
    }

    private static WebSocket.Builder builder(HttpClient client, String token) {
        String entry = "jwt." + Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        return client.newWebSocketBuilder().connectTimeout(WAIT).subprotocols("jwt-auth", entry);
    }

    private static String take(Listener l) throws InterruptedException {
        String s = l.texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new IllegalStateException("no frame within " + WAIT);
        }
        return s;
    }

    private static long median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long p99(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)];
    }

    private static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
