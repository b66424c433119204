package dev.understudy.mock;

import dev.understudy.fixtures.Fixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.fault.FaultSpec;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.internal.AdminApi;
import dev.understudy.mock.internal.Close;
import dev.understudy.mock.internal.FaultEngine;
import dev.understudy.mock.internal.HttpFaultHandler;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.RandomTokens;
import dev.understudy.mock.internal.TcpFaults;
import dev.understudy.mock.journal.Journal;
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
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
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
    /** The TLS versions {@link Builder#tlsProtocols} accepts (older ones are off in the JDK). */
    private static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final Builder config;
    private final ServerContext ctx;
    private final TcpFaults tcpFaults;
    private volatile XnioWorker worker;
    private PublicListener listener;
    private PublicListener adminListener;
    private volatile boolean started;
    private volatile String adminToken;
    private volatile boolean closed;

    private MockStagingServer(Builder b) {
        this.config = b.copy();
        Scenario chosen = b.scenario;
        Supplier<Scenario> scenario = chosen != null ? () -> chosen : Scenario::defaultScenario;
        FaultEngine engine = new FaultEngine(Clock.systemUTC(), this::schedule, this::refuseChanged);
        this.ctx = new ServerContext(b.settings, b.healthConfig, new Jwt(b.secret, b.issuer, b.audience),
                b.e2eBypassKey, scenario, b.welcomeForm, b.authMode, b.maxSocketsPerUser, engine,
                new Journal(Clock.systemUTC(), b.journal));
        this.tcpFaults = new TcpFaults(engine);
    }

    /** XNIO's provider, looked up once per JVM: each lookup is a ServiceLoader scan and an MBean registration. */
    private static final class XnioHolder {
        static final Xnio XNIO = Xnio.getInstance(MockStagingServer.class.getClassLoader());
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
            HttpOpenListener open = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4),
                    OptionMap.builder().set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false).getMap());
            open.setRootHandler(chain());
            HttpOpenListener adminOpen = null;
            String token = null;
            if (config.admin) {
                adminOpen = new HttpOpenListener(new DefaultByteBufferPool(false, 4096, -1, 0), OptionMap.EMPTY);
                boolean loopback = InetAddress.getByName(config.adminHost).isLoopbackAddress();
                token = loopback ? null : (config.adminToken != null ? config.adminToken : RandomTokens.adminToken());
                adminOpen.setRootHandler(new AdminApi(ctx, this::inject, this::describe, token).handler());
            }
            Xnio xnio = XnioHolder.XNIO;
            worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, config.ioThreads)
                    .set(Options.WORKER_TASK_CORE_THREADS, 1)
                    .set(Options.WORKER_TASK_MAX_THREADS, 4)
                    .set(Options.WORKER_NAME, "understudy")
                    .set(Options.THREAD_DAEMON, true)
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
            listener = new PublicListener(xnio, worker, open, config.sslContext, config.tlsProtocols, config.host, config.port, tcpFaults);
            listener.open();
            if (adminOpen != null) {
                adminToken = token;
                adminListener = new PublicListener(xnio, worker, adminOpen, null, List.of(), config.adminHost, config.adminPort, c -> true);
                adminListener.open();
            }
        } catch (IOException e) {
            shutdownWorker();
            throw new UncheckedIOException("Could not start the mock staging server: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            shutdownWorker();
            throw e;
        }
        started = true;
        try {
            for (FaultSpec spec : config.initialFaults) {
                inject(spec);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private void schedule(Duration delay, Runnable task) {
        XnioWorker w = worker;
        if (w != null) {
            w.getIoThread().executeAfter(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * refuse on: nothing listens on the public port and idle keep-alive connections are closed (open WebSockets
     * stay); off: the same port serves again.
     */
    private synchronized void refuseChanged() {
        if (!started || closed) {
            return;
        }
        if (ctx.faults.refusing()) {
            listener.close();
            Set<SocketAddress> sockets = new HashSet<>();
            ctx.registry.all().forEach(c -> sockets.add(c.channel().getSourceAddress()));
            tcpFaults.closeIdleHttp(sockets);
        } else {
            listener.open();
        }
    }

    // ---- faults ----

    /** Injects a fault for every connection, until its handle is closed. */
    public FaultHandle inject(Fault fault) {
        return inject(fault, Scope.all(), Schedule.always());
    }

    /** Injects a fault for a scope (paths, a user), until its handle is closed. */
    public FaultHandle inject(Fault fault, Scope scope) {
        return inject(fault, scope, Schedule.always());
    }

    /**
     * Injects a fault for a scope and a schedule; close the handle to remove it.
     *
     * <pre>{@code
     * try (var outage = server.inject(Fault.status(503), Scope.paths("/health"), Schedule.times(1))) {
     *     ...
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException for combinations that can't work (e.g. a counted refuse), naming the field
     */
    public FaultHandle inject(Fault fault, Scope scope, Schedule schedule) {
        requireStarted();
        return ctx.faults.add(fault, scope, schedule);
    }

    /** Injects a parsed fault spec (the admin API's and the command line's form). */
    public FaultHandle inject(FaultSpec spec) {
        return inject(spec.fault(), spec.scope(), spec.schedule());
    }

    /** Injects every fault of a preset from the fixtures ({@code local-service-down}, {@code cold-start}, ...). */
    public List<FaultHandle> injectPreset(String name) {
        List<FaultSpec> specs = FaultSpec.preset(name);
        List<FaultHandle> handles = new ArrayList<>();
        for (FaultSpec spec : specs) {
            handles.add(inject(spec));
        }
        return List.copyOf(handles);
    }

    /** Every rule: active ones, then recently spent or removed ones, with their counts. */
    public List<FaultRule> faults() {
        return ctx.faults.list();
    }

    /** Removes one rule by id; false if none is active with that id. */
    public boolean removeFault(String id) {
        return ctx.faults.remove(id);
    }

    /** Removes every fault. */
    public void resetFaults() {
        ctx.faults.reset();
    }

    /** What each WebSocket connection did: handshake (token redacted), frames with times, how it ended. */
    public Journal journal() {
        return ctx.journal;
    }

    /** The admin API's base URI ({@code http://127.0.0.1:<port>}), on its own port. */
    public URI adminUri() {
        requireStarted();
        if (adminListener == null) {
            throw new IllegalStateException("The admin API is off: build with admin(true)");
        }
        String host = config.adminHost.contains(":") ? "[" + config.adminHost + "]" : config.adminHost;
        return URI.create("http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + adminListener.port());
    }

    /** The token the admin API requires when bound to a non-loopback address, else null. */
    public String adminToken() {
        return adminToken;
    }

    private ObjectNode describe() {
        ObjectNode n = Json.object();
        n.put("http", httpUri().toString());
        n.put("websocket", webSocketUri().toString());
        n.put("admin", adminUri().toString());
        n.put("refusing", ctx.faults.refusing());
        n.put("open_sockets", openSockets());
        return n;
    }

    /** exceptions → faults → routing → health | websocket | test-auth. */
    private HttpHandler chain() {
        WebSocketEntry ws = new WebSocketEntry(ctx, WebSocketEntry.standard(ctx));
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/health", new HealthHandler(ctx, false));
        routes.put("/api/health", new HealthHandler(ctx, true));
        routes.put("/ws/config", new WsConfigHandler(ctx));
        routes.put("/auth/e2e/test-auth", new TestAuthHandler(ctx));
        routes.put("/ws", ws);
        routes.put("/api/v1/websocket", ws);
        return new ErrorHandler(new HttpFaultHandler(ctx.faults, new Router(routes)));
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
        if (adminListener != null) {
            adminListener.close();
        }
        tcpFaults.releaseAll();
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
        private List<String> tlsProtocols = List.of();
        private boolean admin = true;
        private String adminHost = "127.0.0.1";
        private int adminPort = 0;
        private String adminToken;
        private boolean journal = true;
        private List<FaultSpec> initialFaults = List.of();

        private Builder() {
        }

        /** Whether to start the admin HTTP API on its own port; on by default. */
        public Builder admin(boolean on) {
            this.admin = on;
            return this;
        }

        /** The admin API's address; loopback by default, and it requires a token anywhere else. */
        public Builder adminHost(String host) {
            this.adminHost = Objects.requireNonNull(host, "adminHost");
            return this;
        }

        /** The admin API's port; 0 (the default) takes any free one. */
        public Builder adminPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("admin-port: expected 0-65535, got " + port);
            }
            this.adminPort = port;
            return this;
        }

        /** The token a non-loopback admin API requires (a random one is made if unset). */
        public Builder adminToken(String token) {
            this.adminToken = token;
            return this;
        }

        /** Whether to keep the journal of connections; on by default (it is bounded). */
        public Builder journal(boolean on) {
            this.journal = on;
            return this;
        }

        /** Faults injected as the server starts (the command line's --fault, --preset and --faults-file). */
        public Builder faults(List<FaultSpec> specs) {
            this.initialFaults = List.copyOf(specs);
            return this;
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

        /**
         * The TLS versions {@link #tls} serves, e.g. {@code "TLSv1.3"} alone to stand in for a staging that accepts
         * nothing older; the JDK's defaults (1.3 and 1.2) if unset.
         */
        public Builder tlsProtocols(String... protocols) {
            List<String> chosen = List.of(protocols);
            if (chosen.isEmpty() || !TLS_PROTOCOLS.containsAll(chosen)) {
                throw new IllegalArgumentException("tls-protocols: expected " + String.join(" and/or ", TLS_PROTOCOLS)
                        + ", got '" + String.join(",", chosen) + "'");
            }
            this.tlsProtocols = chosen;
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
            b.tlsProtocols = tlsProtocols;
            b.admin = admin;
            b.adminHost = adminHost;
            b.adminPort = adminPort;
            b.adminToken = adminToken;
            b.journal = journal;
            b.initialFaults = initialFaults;
            return b;
        }
    }
}
