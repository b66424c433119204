package dev.understudy.client.internal.ws;

import dev.understudy.client.internal.Texts;
import dev.understudy.client.internal.OutcomeMapper;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.SocketOptions;
import io.undertow.websockets.jsr.ServerWebSocketContainer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens a WebSocket through the Jakarta API within the caller's timeout.
 *
 * <p>{@code connectToServer} blocks, with Undertow's own timeout in whole seconds (default 10 s), so it runs on a
 * small daemon executor while the caller waits on the future for exactly its own timeout. Undertow's timeout is set
 * just above the caller's so the executor thread is freed soon after; a connection that completes after the caller
 * gave up is closed at once.
 *
 * <p>The container is the one {@link ContainerProvider#getWebSocketContainer()} returns: with
 * undertow-websockets-jsr on the class path that is Undertow's default client container, which needs no servlet
 * deployment (it makes its own daemon XNIO worker on first use). For {@code wss://} the connection's TLS context goes in
 * a user property that {@link JsseTlsProvider} picks up, so TLS 1.3 works and the host name is checked.
 */
public final class Connector {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService CONNECTS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "understudy-connect-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private static volatile WebSocketContainer container;

    private Connector() {
    }

    /** The result of a successful upgrade. */
    public record Connected(Session session, Map<String, List<String>> handshakeHeaders) {
    }

    /**
     * Opens the socket described by {@code options}, with {@code endpoint} receiving its frames.
     *
     * @throws OutcomeException on any failure, within {@code timeout}
     */
    public static Connected connect(SocketEndpoint endpoint, SocketOptions options, Duration timeout) {
        long start = System.nanoTime();
        String expected = "a WebSocket upgrade (101) from " + options.uri() + " within " + Texts.millis(timeout);
        AtomicReference<Map<String, List<String>>> responseHeaders = new AtomicReference<>(Map.of());
        Map<String, String> requestHeaders = options.requestHeaders();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(options.offeredSubprotocols())
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        requestHeaders.forEach((name, value) -> headers.put(name, new ArrayList<>(List.of(value))));
                    }

                    @Override
                    public void afterResponse(HandshakeResponse response) {
                        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                        response.getHeaders().forEach((name, values) -> copy.put(name, List.copyOf(values)));
                        responseHeaders.set(Collections.unmodifiableMap(copy));
                    }
                })
                .build();
        // Undertow's own wait, in whole seconds: just longer than ours, so ours decides and its thread frees soon
        config.getUserProperties().put(ServerWebSocketContainer.TIMEOUT,
                (int) Math.max(1, (timeout.toMillis() + 999) / 1000) + 1);
        if ("wss".equalsIgnoreCase(options.uri().getScheme())) {
            // the caller's trust (or the JDK's), checking the host, over XNIO's JSSE TLS: see JsseTlsProvider
            config.getUserProperties().put(JsseTlsProvider.TLS_CONTEXT,
                    HostCheckingTls.wrap(options.sslContext().orElse(null)));
        }

        WebSocketContainer webSockets = container();
        CompletableFuture<Session> future = CompletableFuture.supplyAsync(() -> {
            try {
                return webSockets.connectToServer(endpoint, config, options.requestUri());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, CONNECTS);
        try {
            Session session = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Connected(session, responseHeaders.get());
        } catch (TimeoutException e) {
            future.thenAccept(Connector::closeQuietly);
            throw new OutcomeException(expected, OutcomeMapper.upgradeTimeout(since(start)));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            throw new OutcomeException(expected, OutcomeMapper.upgradeFailure(cause, since(start)), cause);
        } catch (InterruptedException e) {
            future.thenAccept(Connector::closeQuietly);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + expected, e);
        }
    }

    private static WebSocketContainer container() {
        WebSocketContainer current = container;
        if (current == null) {
            synchronized (Connector.class) {
                if (container == null) {
                    container = ContainerProvider.getWebSocketContainer();
                }
                current = container;
            }
        }
        return current;
    }

    private static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (IOException | RuntimeException ignored) {
            // the caller already gave up on this socket; nothing to report to
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
