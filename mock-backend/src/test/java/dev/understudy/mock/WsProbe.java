package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A test's WebSocket client built on the JDK's own {@link WebSocket}, so that a bug in client-kit can never
 * hide one in the server: frames go into a queue read with timeouts.
 */
final class WsProbe implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(5);

    /** How the socket ended: a close code and reason, or an error (no close frame). */
    record Ending(int code, String reason, Throwable error) {
    }

    private final WebSocket socket;
    private final BlockingQueue<String> texts;
    private final CompletableFuture<Ending> ending;

    private WsProbe(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.texts = listener.texts;
        this.ending = listener.ending;
    }

    /** Owns the queue itself: frames may arrive before buildAsync's future completes. */
    private static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Ending> ending = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                texts.add(text);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            texts.add("<binary>");
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ending.complete(new Ending(statusCode, reason, null));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ending.complete(new Ending(1006, "", error));
        }
    }

    static WsProbe connect(URI uri, Consumer<WebSocket.Builder> customize) throws Exception {
        Listener listener = new Listener();
        WebSocket.Builder builder = HttpClient.newBuilder().connectTimeout(WAIT).build()
                .newWebSocketBuilder().connectTimeout(WAIT);
        customize.accept(builder);
        WebSocket ws = builder.buildAsync(uri, listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return new WsProbe(ws, listener);
    }

    /** Connects with the token in a {@code jwt-auth} + {@code jwt.<base64url>} subprotocol pair. */
    static WsProbe connect(URI uri, String token) throws Exception {
        return connect(uri, b -> b.subprotocols("jwt-auth", "jwt." + base64Url(token)));
    }

    static String base64Url(String s) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    WebSocket socket() {
        return socket;
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void sendJson(Object value) throws Exception {
        send(JSON.writeValueAsString(value));
    }

    /** The next text frame, parsed; fails the test if none comes in time. */
    JsonNode next() throws Exception {
        return next(WAIT);
    }

    JsonNode next(Duration timeout) throws Exception {
        String text = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            throw new AssertionError("expected a frame within " + timeout + ", got none"
                    + (ending.isDone() ? " (socket ended: " + ending.get() + ")" : ""));
        }
        return JSON.readTree(text);
    }

    /** The next frame if one comes within the timeout, else null. */
    String poll(Duration timeout) throws InterruptedException {
        return texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Frames up to and including the first of one of the given types. */
    List<JsonNode> until(String... types) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            JsonNode f = next();
            frames.add(f);
            for (String t : types) {
                if (t.equals(f.path("type").asText())) {
                    return frames;
                }
            }
        }
        throw new AssertionError("no frame of " + List.of(types) + " in 20000 frames");
    }

    Ending awaitEnding() throws InterruptedException, ExecutionException, TimeoutException {
        return ending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(1000, "bye");
        }
        socket.abort();
    }
}
