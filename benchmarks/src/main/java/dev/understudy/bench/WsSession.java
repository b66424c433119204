package dev.understudy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WebSocket of the JDK's client, as the benchmark drives it: offers the token the way docs/contract.md's handshake says
 * ({@code jwt-auth} and {@code jwt.<base64url token>}), stamps the nanoTime the welcome and a run's terminal frame
 * arrived (on the listener's thread, so no hand-off is timed), and counts frames and characters after the welcome.
 */
final class WsSession implements WebSocket.Listener {

    private static final String[] TERMINAL = {"{\"type\":\"agent_completed\"", "{\"type\":\"agent_error\""};

    final long startedAt = System.nanoTime();
    /** Completes with the nanoTime the first frame (the welcome) was whole. */
    final CompletableFuture<Long> welcome = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile CompletableFuture<Long> terminal = new CompletableFuture<>();
    private volatile WebSocket socket;
    private boolean inMessage;
    private boolean messageIsTerminal;
    private volatile long frames;
    private volatile long chars;

    private WsSession() {
    }

    /** Starts the upgrade; the session's futures tell how it goes. */
    static WsSession open(HttpClient client, URI uri, String token) {
        WsSession session = new WsSession();
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        client.newWebSocketBuilder()
                .subprotocols("jwt-auth", "jwt." + encoded)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, session)
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        session.welcome.completeExceptionally(failure);
                        session.closed.complete(null);
                    }
                });
        return session;
    }

    /** Milliseconds from the call to {@link #open} to the whole welcome, waiting up to {@code timeout}. */
    double awaitWelcomeMillis(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        long at = welcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return (at - startedAt) / 1e6;
    }

    /** Forgets the frames counted so far and arms the terminal-frame stamp for a new run. */
    void resetRun() {
        frames = 0;
        chars = 0;
        terminal = new CompletableFuture<>();
    }

    CompletableFuture<Long> terminal() {
        return terminal;
    }

    long frames() {
        return frames;
    }

    long chars() {
        return chars;
    }

    void send(String text, Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        socket.sendText(text, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the closing handshake (1000), without waiting. */
    void startClose() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }

    /** Closes with 1000 and waits up to {@code timeout} for the server's close; aborts if it does not come. */
    void close(Duration timeout) throws InterruptedException {
        startClose();
        awaitClosedOrAbort(timeout);
    }

    void awaitClosedOrAbort(Duration timeout) throws InterruptedException {
        try {
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            abort();
        }
    }

    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        closed.complete(null);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!welcome.isDone()) {
            if (last) {
                welcome.complete(System.nanoTime());
            }
            return null;
        }
        if (!inMessage) {
            inMessage = true;
            messageIsTerminal = startsWithTerminal(data);
        }
        chars += data.length();
        if (last) {
            inMessage = false;
            frames++;
            if (messageIsTerminal) {
                terminal.complete(System.nanoTime());
            }
        }
        return null;
    }

    private static boolean startsWithTerminal(CharSequence data) {
        for (String prefix : TERMINAL) {
            if (data.length() >= prefix.length() && data.subSequence(0, prefix.length()).toString().equals(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        welcome.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason + " before the welcome"));
        terminal.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason + " mid-run"));
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        welcome.completeExceptionally(error);
        terminal.completeExceptionally(error);
        closed.complete(null);
    }
}
