package dev.understudy.mock;

import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.internal.Close;
import dev.understudy.mock.internal.ErrorHandler;
import dev.understudy.mock.internal.HealthHandler;
import dev.understudy.mock.internal.Jwt;
import dev.understudy.mock.internal.PublicListener;
import dev.understudy.mock.internal.Router;
import dev.understudy.mock.internal.ServerContext;
import dev.understudy.mock.internal.TestAuthHandler;
import dev.understudy.mock.internal.WebSocketEntry;
import dev.understudy.mock.internal.WsConfigHandler;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An in-process stand-in for the staging backend: health endpoints, the JWT-authenticated WebSocket and the
 * agent event stream of CONTRACT.md, on a real Undertow server bound to loopback.
 *
 * <pre>{@code
 * try (MockStagingServer server = MockStagingServer.builder().start()) {
 *     URI ws = server.webSocketUri();             // ws://127.0.0.1:<port>/ws
 *     String token = server.mintToken("user-1");  // valid for an hour
 * }
 * }</pre>
 *
 * <p>Port 0 (the default) takes a free port, so tests never collide. {@link #close()} sends 1001 to every
 * open socket, then stops.
 */
public final class MockStagingServer implements AutoCloseable {

    /** Port the standalone server uses by default; embedded servers use 0 (any free port). */
    public static final int STANDALONE_PORT = 8002;

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final Builder config;
    private final ServerContext ctx;
    private XnioWorker worker;
    private PublicListener listener;
    private volatile boolean started;
    private volatile boolean closed;

    private MockStagingServer(Builder b) {
        this.config = b.copy();
        Scenario scenario = b.scenario != null ? b.scenario : Scenario.defaultScenario();
        this.ctx = new ServerContext(b.settings, b.healthConfig, new Jwt(b.secret, b.issuer, b.audience),
                b.e2eBypassKey, scenario, b.welcomeForm, b.authMode, b.maxSocketsPerUser);
    }

    /** A builder with the defaults: 127.0.0.1, port 0, the fixture test secret, the default scenario. */
    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts serving; returns this. */
    public synchronized MockStagingServer start() {
        if (closed) {
            throw new IllegalStateException("This server was closed; build a new one");
        }
        if (started) {
            return this;
        }
        try {
            Xnio xnio = Xnio.getInstance(MockStagingServer.class.getClassLoader());
            worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, config.ioThreads)
                    .set(Options.WORKER_TASK_CORE_THREADS, 1)
                    .set(Options.WORKER_TASK_MAX_THREADS, 4)
                    .set(Options.WORKER_NAME, "understudy")
                    .set(Options.THREAD_DAEMON, true)
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
            HttpOpenListener open = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4),
                    OptionMap.builder().set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false).getMap());
            open.setRootHandler(chain());
            listener = new PublicListener(xnio, worker, open, config.sslContext, config.host, config.port, c -> true);
            listener.open();
        } catch (IOException e) {
            shutdownWorker();
            throw new UncheckedIOException("Could not start the mock staging server: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            shutdownWorker();
            throw e;
        }
        started = true;
        return this;
    }

    /** exceptions → routing → health | websocket | ... (faults slot in after the error handler). */
    private HttpHandler chain() {
        WebSocketEntry ws = new WebSocketEntry(ctx, WebSocketEntry.standard(ctx));
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/health", new HealthHandler(ctx, false));
        routes.put("/api/health", new HealthHandler(ctx, true));
        routes.put("/ws/config", new WsConfigHandler(ctx));
        routes.put("/auth/e2e/test-auth", new TestAuthHandler(ctx));
        routes.put("/ws", ws);
        routes.put("/api/v1/websocket", ws);
        return new ErrorHandler(new Router(routes));
    }

    /** {@code http://host:port} (or https with TLS). */
    public URI httpUri() {
        requireStarted();
        return URI.create((config.sslContext == null ? "http" : "https") + "://" + hostForUri() + ":" + port());
    }

    /** {@code ws://host:port/ws} (or wss with TLS). */
    public URI webSocketUri() {
        return webSocketUri("/ws");
    }

    /** The WebSocket URI of a path ({@code /ws} or {@code /api/v1/websocket}). */
    public URI webSocketUri(String path) {
        requireStarted();
        return URI.create((config.sslContext == null ? "ws" : "wss") + "://" + hostForUri() + ":" + port() + path);
    }

    /** The public port. */
    public int port() {
        requireStarted();
        return listener.port();
    }

    /** A valid access token for {@code userId}, signed with this server's secret, valid for an hour. */
    public String mintToken(String userId) {
        return mintToken(userId, Duration.ofHours(1));
    }

    /** A valid access token for {@code userId}, valid for {@code validFor}. */
    public String mintToken(String userId, Duration validFor) {
        return ctx.jwt.mintAccess(userId, userId + "@example.com", List.of("read", "write"), validFor);
    }

    /** The HS256 secret tokens must be signed with. */
    public String secret() {
        return config.secret;
    }

    /** The settings this server reports and runs with. */
    public WebSocketSettings settings() {
        return ctx.settings;
    }

    /** Makes {@code /health} and {@code /api/health} answer 503 {@code {"status":"unhealthy","message":reason}}. */
    public void unhealthy(String reason) {
        ctx.unhealthy(Objects.requireNonNull(reason, "reason"));
    }

    /** Undoes {@link #unhealthy(String)}. */
    public void healthy() {
        ctx.unhealthy(null);
    }

    /** Open WebSocket sessions (admitted ones, welcome sent or not). */
    public int openSockets() {
        return ctx.registry.size();
    }

    /** Open WebSocket sessions of one user. */
    public int openSockets(String userId) {
        return ctx.registry.count(userId);
    }

    /** Sends 1001 to every open socket, waits (briefly, bounded) for the frames to go out, then stops. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        try {
            ctx.registry.closeAll(Close.GOING_AWAY, Close.SERVER_STOPPING)
                    .get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a socket that can't take its close frame in time is cut with the worker
        }
        listener.close();
        shutdownWorker();
    }

    private void shutdownWorker() {
        if (worker == null) {
            return;
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private String hostForUri() {
        String host = config.host;
        if (host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("The server is not started: call start() first");
        }
    }

    @Override
    public String toString() {
        return "MockStagingServer[" + (started ? httpUri() : "not started") + "]";
    }

    /** Configures a {@link MockStagingServer}; every setting has a default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String secret = Fixtures.testSecret();
        private String issuer;
        private String audience;
        private String e2eBypassKey;
        private Scenario scenario;
        private WelcomeForm welcomeForm = WelcomeForm.SYSTEM_MESSAGE;
        private AuthMode authMode = AuthMode.REJECT;
        private WebSocketSettings settings = WebSocketSettings.defaults();
        private boolean healthConfig = true;
        private int maxSocketsPerUser = 10;
        private int ioThreads = 2;
        private SSLContext sslContext;

        private Builder() {
        }

        /** Address to bind; 127.0.0.1 by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind; 0 (the default) takes any free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: expected 0-65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** HS256 secret (at least 32 bytes); the fixture test secret by default. */
        public Builder secret(String secret) {
            Jwt.key(secret);
            this.secret = secret;
            return this;
        }

        /** Issuer every token must carry (staging: {@code netra-auth-service}); none checked by default. */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Audience every token must carry (staging: {@code netra-platform}); none checked by default. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** Enables {@code POST /auth/e2e/test-auth} with this bypass key; without one it answers 503. */
        public Builder e2eBypassKey(String key) {
            this.e2eBypassKey = key;
            return this;
        }

        /** The scenario runs play; the default scenario if unset. */
        public Builder scenario(Scenario scenario) {
            this.scenario = Objects.requireNonNull(scenario, "scenario");
            return this;
        }

        /** A fixture scenario by name ({@code default}, {@code streaming}, {@code agent-error}, ...) or a file path. */
        public Builder scenario(String nameOrFile) {
            return scenario(Scenario.resolve(nameOrFile));
        }

        public Builder welcomeForm(WelcomeForm form) {
            this.welcomeForm = Objects.requireNonNull(form, "welcomeForm");
            return this;
        }

        public Builder authMode(AuthMode mode) {
            this.authMode = Objects.requireNonNull(mode, "authMode");
            return this;
        }

        /** The WebSocket settings reported by health, {@code /ws/config} and the welcome, and obeyed. */
        public Builder settings(WebSocketSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** False to leave the {@code config} block out of health, as a deployment without the settings does. */
        public Builder healthConfig(boolean present) {
            this.healthConfig = present;
            return this;
        }

        /** Open sockets allowed per user (JWT {@code sub}); 10 by default. */
        public Builder maxSocketsPerUser(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSocketsPerUser: expected at least 1, got " + max);
            }
            this.maxSocketsPerUser = max;
            return this;
        }

        /** IO threads (the server never blocks them); 2 by default. */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ioThreads: expected at least 1, got " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /** Serves https and wss with this context (e.g. a self-signed certificate). */
        public Builder tls(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** A server with these settings, not yet started. */
        public MockStagingServer build() {
            return new MockStagingServer(this);
        }

        /** Builds and starts. */
        public MockStagingServer start() {
            return build().start();
        }

        private Builder copy() {
            Builder b = new Builder();
            b.host = host;
            b.port = port;
            b.secret = secret;
            b.issuer = issuer;
            b.audience = audience;
            b.e2eBypassKey = e2eBypassKey;
            b.scenario = scenario;
            b.welcomeForm = welcomeForm;
            b.authMode = authMode;
            b.settings = settings;
            b.healthConfig = healthConfig;
            b.maxSocketsPerUser = maxSocketsPerUser;
            b.ioThreads = ioThreads;
            b.sslContext = sslContext;
            return b;
        }
    }
}
