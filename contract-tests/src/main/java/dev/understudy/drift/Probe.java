package dev.understudy.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.client.SocketOptions;
import dev.understudy.client.StreamJudge;
import dev.understudy.client.Frame;
import dev.understudy.client.Target;
import dev.understudy.client.TestTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs the drift probes against a live target: the same requests, in the same order, on either side. */
final class Probe {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> HTTP_PATHS = List.of("/health", "/api/health", "/ws/config");
    static final String TEST_AUTH = "/auth/e2e/test-auth";
    private static final int MAX_FRAMES = 10_000;

    private final Target target;
    private final Optional<String> bypassKey;
    private final Duration timeout;
    private final HttpClient http;

    Probe(Target target, Optional<String> bypassKey, Duration timeout) {
        this.target = target;
        this.bypassKey = bypassKey;
        this.timeout = timeout;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
        target.sslContext().ifPresent(b::sslContext);
        this.http = b.build();
    }

    Observation observe(String label) throws Exception {
        Observation o = new Observation(label);
        for (String path : HTTP_PATHS) {
            o.http.put("GET " + path, get(target.httpBase(), path));
        }
        if (bypassKey.isPresent()) {
            HttpRequest r = HttpRequest.newBuilder(resolve(target.authBase(), TEST_AUTH)).timeout(timeout)
                    .header("Content-Type", "application/json").header("X-E2E-Bypass-Key", bypassKey.get())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"drift-probe@understudy.test\",\"name\":\"Drift Probe\"}"))
                    .build();
            o.http.put("POST " + TEST_AUTH, answer(http.send(r, HttpResponse.BodyHandlers.ofString())));
        }
        String token = target.tokens().tokenFor("drift-probe@understudy.test", timeout);
        session(o, token);
        rejection(o);
        return o;
    }

    private void session(Observation o, String token) throws Exception {
        Listener l = new Listener();
        WebSocket ws = connect(token, l).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            o.subprotocol = ws.getSubprotocol() == null ? "" : ws.getSubprotocol();
            String welcome = l.texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (welcome == null) {
                return;
            }
            o.welcome = parse(welcome);
            ws.sendText("{\"type\":\"user_message\",\"payload\":{\"content\":\"drift probe: what did my cloud cost last month?\","
                    + "\"thread_id\":\"drift-thread\"}}", true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < MAX_FRAMES; i++) {
                long left = deadline - System.nanoTime();
                String text = left <= 0 ? null : l.texts.poll(left, TimeUnit.NANOSECONDS);
                if (text == null) {
                    break;
                }
                Frame f = Frame.of(text);
                if (!StreamJudge.isEvent(f)) {
                    continue;
                }
                o.eventFrames.add(text);
                o.runObserved = true;
                if (List.of("agent_completed", "agent_error").contains(f.type())) {
                    break;
                }
            }
            ws.sendClose(1000, "drift probe done").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                o.closeEcho = l.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException noEcho) {
                o.closeEcho = null;
            }
        } finally {
            ws.abort();
        }
    }

    private void rejection(Observation o) throws Exception {
        String bad = TestTokens.mint("drift-probe-wrong-secret-0123456789-abcdefgh", "drift-bad-token");
        Listener l = new Listener();
        try {
            WebSocket ws = connect(bad, l).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                String first = l.texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                Integer code = null;
                try {
                    code = l.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException open) {
                    // admitted and left open: a bad token that is not turned away
                }
                String type = first == null ? null : Frame.of(first).type();
                o.rejection = new Observation.Rejection(101, code, type);
            } finally {
                ws.abort();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException hs) {
                o.rejection = new Observation.Rejection(hs.getResponse().statusCode(), null, null);
            } else {
                throw e;
            }
        }
    }

    private CompletableFuture<WebSocket> connect(String token, Listener l) {
        SocketOptions options = SocketOptions.builder(target.webSocketUri()).token(token).build();
        HttpClient.Builder cb = HttpClient.newBuilder().connectTimeout(timeout);
        target.sslContext().ifPresent(cb::sslContext);
        WebSocket.Builder b = cb.build().newWebSocketBuilder().connectTimeout(timeout);
        List<String> offered = options.offeredSubprotocols();
        if (!offered.isEmpty()) {
            b.subprotocols(offered.get(0), offered.subList(1, offered.size()).toArray(String[]::new));
        }
        options.requestHeaders().forEach(b::header);
        return b.buildAsync(options.requestUri(), l);
    }

    private Observation.Answer get(URI base, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(resolve(base, path)).timeout(timeout).GET().build();
        return answer(http.send(r, HttpResponse.BodyHandlers.ofString()));
    }

    private static URI resolve(URI base, String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    static Observation.Answer answer(HttpResponse<String> r) {
        return new Observation.Answer(r.statusCode(), parse(r.body()));
    }

    static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
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

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(1006);
        }
    }
}
