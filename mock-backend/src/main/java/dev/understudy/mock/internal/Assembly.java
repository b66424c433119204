package dev.understudy.mock.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.Scenario;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.fault.FaultSpec;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.internal.auth.Credentials;
import dev.understudy.mock.internal.auth.Jwt;
import dev.understudy.mock.internal.control.AdminApi;
import dev.understudy.mock.internal.control.BrowserGuard;
import dev.understudy.mock.internal.control.NetworkAdmin;
import dev.understudy.mock.internal.net.Network;
import dev.understudy.mock.internal.control.RandomTokens;
import dev.understudy.mock.internal.fault.FaultEngine;
import dev.understudy.mock.internal.fault.Holds;
import dev.understudy.mock.internal.http.DataRoutes;
import dev.understudy.mock.internal.http.ErrorHandler;
import dev.understudy.mock.internal.http.Health;
import dev.understudy.mock.internal.http.HealthHandler;
import dev.understudy.mock.internal.http.HttpFaultHandler;
import dev.understudy.mock.internal.http.Router;
import dev.understudy.mock.internal.http.TestAuthHandler;
import dev.understudy.mock.internal.http.WsConfigHandler;
import dev.understudy.mock.internal.journal.HttpJournal;
import dev.understudy.mock.internal.journal.Recorder;
import dev.understudy.mock.internal.record.RecordingProxy;
import dev.understudy.mock.internal.run.RunPlayer;
import dev.understudy.mock.internal.tcp.PublicListener;
import dev.understudy.mock.internal.tcp.TcpFaults;
import dev.understudy.mock.internal.ws.Close;
import dev.understudy.mock.internal.ws.ConnectionRegistry;
import dev.understudy.mock.internal.ws.SessionListener;
import dev.understudy.mock.internal.ws.SessionStart;
import dev.understudy.mock.internal.ws.WebSocketEntry;
import dev.understudy.mock.journal.Journal;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one place the server is put together: the XNIO worker, the public and admin listeners, and the handler
 * chain, each handler given only what it uses. {@code MockStagingServer} is its front door.
 *
 * <pre>
 * public port:  tcp faults → http journal → errors → credentials → http faults + network latency → routing → health | ws-config | test-auth | upgrade
 *                                                                          | the routes files' routes | 404
 *               (recording: tcp faults → errors → credentials → http faults + network latency → recording proxy → upstream)
 * admin port:   errors → (token) → admin routes
 * </pre>
 */
public final class Assembly {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    /** XNIO's provider, looked up once per JVM: each lookup is a ServiceLoader scan and an MBean registration. */
    private static final class XnioHolder {
        // XNIO and JBoss Threads log their versions at INFO on first use: noise in a user's test output. Quieted
        // only where the user left the level unset, and held so the level sticks (JUL keeps loggers weakly).
        static final java.util.logging.Logger XNIO_LOG = quiet("org.xnio");
        static final java.util.logging.Logger THREADS_LOG = quiet("org.jboss.threads");
        static final Xnio XNIO = Xnio.getInstance(Assembly.class.getClassLoader());

        private static java.util.logging.Logger quiet(String name) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(java.util.logging.Level.WARNING);
            }
            return logger;
        }
    }

    private final MockStagingServer.Config config;
    private final dev.understudy.mock.internal.journal.VerboseLog verbose;
    private final FaultEngine faults;
    private final Recorder journal;
    private final Health health = new Health();
    private final Jwt jwt;
    private final ConnectionRegistry registry;
    private final TcpFaults tcpFaults;
    private final Holds holds;
    private final Network network;
    private volatile XnioWorker worker;
    private PublicListener listener;
    private PublicListener adminListener;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile String adminToken;
    private RecordingProxy proxy;
    private AdminApi adminApi;

    public Assembly(MockStagingServer.Config config) {
        this.config = config;
        this.faults = new FaultEngine(Clock.systemUTC(), this::schedule, this::refuseChanged);
        this.journal = new Recorder(Clock.systemUTC(), config.journal());
        this.verbose = config.verbose() == null ? null : new dev.understudy.mock.internal.journal.VerboseLog(config.verbose());
        journal.verbose(verbose);
        this.jwt = new Jwt(config.secret(), config.issuer(), config.audience());
        this.registry = new ConnectionRegistry(config.maxSocketsPerUser());
        this.holds = new Holds(config.limits().maxHeldConnections());
        this.tcpFaults = new TcpFaults(faults, holds);
        this.network = new Network(config.network());
    }

    /** Binds the ports and starts serving, then injects the configured faults. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("This server was closed; build a new one");
        }
        if (started) {
            return;
        }
        try {
            HttpOpenListener open = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4),
                    OptionMap.builder().set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                            // slowloris: headers begun must finish in time; a connection with no request is let go
                            .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) config.limits().headerTimeout().toMillis())
                            .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) config.limits().idleTimeout().toMillis())
                            .getMap());
            open.setRootHandler(publicChain());
            HttpOpenListener adminOpen = null;
            String token = null;
            if (config.admin()) {
                adminOpen = new HttpOpenListener(new DefaultByteBufferPool(false, 4096, -1, 0), OptionMap.EMPTY);
                boolean loopback = InetAddress.getByName(config.adminHost()).isLoopbackAddress();
                token = loopback ? null : (config.adminToken() != null ? config.adminToken() : RandomTokens.adminToken());
                adminApi = new AdminApi(faults, journal, health, jwt, this::inject, this::describe, token)
                        .with(new NetworkAdmin(network));
                adminOpen.setRootHandler(new BrowserGuard(config.adminHost(), loopback, () -> adminListener.port(),
                        adminApi.handler()));
            }
            Xnio xnio = XnioHolder.XNIO;
            worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, config.ioThreads())
                    .set(Options.WORKER_TASK_CORE_THREADS, 1)
                    .set(Options.WORKER_TASK_MAX_THREADS, 4)
                    .set(Options.WORKER_NAME, "understudy")
                    .set(Options.THREAD_DAEMON, true)
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
            listener = new PublicListener(xnio, worker, open, config.sslContext(), config.tlsProtocols(), config.host(), config.port(), tcpFaults);
            listener.open();
            if (adminOpen != null) {
                adminToken = token;
                adminListener = new PublicListener(xnio, worker, adminOpen, null, List.of(), config.adminHost(), config.adminPort(), c -> true);
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
            for (FaultSpec spec : config.faults()) {
                inject(spec);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The public port's chain, top to bottom. */
    private HttpHandler publicChain() {
        Scenario chosen = config.scenario();
        Supplier<Scenario> scenario = chosen != null ? () -> chosen : Scenario::defaultScenario;
        RunPlayer runs = new RunPlayer(scenario, faults);
        WebSocketEntry ws = new WebSocketEntry(journal, registry,
                conn -> new SessionListener(config.settings(), faults, runs, conn),
                new SessionStart(faults, config.welcomeForm(), config.settings(), holds), network,
                config.limits().maxQueuedBytes());
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/health", new HealthHandler(config.settings(), config.healthConfig(), health, false));
        routes.put("/api/health", new HealthHandler(config.settings(), config.healthConfig(), health, true));
        routes.put("/ws/config", new WsConfigHandler(config.settings()));
        routes.put("/auth/e2e/test-auth", new TestAuthHandler(jwt, config.e2eBypassKey()));
        routes.put("/ws", ws);
        routes.put("/api/v1/websocket", ws);
        DataRoutes data = new DataRoutes(config.routes(), jwt);
        HttpHandler answers = data.isEmpty() ? new Router(routes) : new Router(routes, data);
        if (config.recordUpstream() != null) {
            proxy = new RecordingProxy(config.recordUpstream());
            answers = proxy;
        }
        return new HttpJournal(journal, new ErrorHandler(Credentials.finder(jwt, config.authMode(),
                new HttpFaultHandler(faults, network, answers, holds))));
    }

    private void schedule(Duration delay, Runnable task) {
        XnioWorker w = worker;
        if (w != null) {
            w.getIoThread().executeAfter(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** The engine says refusing flipped: the TCP wing closes or reopens the listener. */
    private synchronized void refuseChanged() {
        if (!started || closed) {
            return;
        }
        tcpFaults.refuseChanged(faults.refusing(), listener, () -> {
            Set<SocketAddress> sockets = new HashSet<>();
            registry.all().forEach(c -> sockets.add(c.channel().getSourceAddress()));
            return sockets;
        });
    }

    private ObjectNode describe() {
        ObjectNode n = Json.object();
        n.put("http", httpUri().toString());
        n.put("websocket", webSocketUri("/ws").toString());
        n.put("admin", adminUri().toString());
        n.put("refusing", faults.refusing());
        n.put("open_sockets", registry.size());
        n.put("held_connections", holds.held());
        return n;
    }

    public FaultHandle inject(Fault fault, Scope scope, Schedule schedule) {
        requireStarted();
        return faults.add(fault, scope, schedule);
    }

    public FaultHandle inject(FaultSpec spec) {
        return inject(spec.fault(), spec.scope(), spec.schedule());
    }

    public List<FaultRule> faults() {
        return faults.list();
    }

    public boolean removeFault(String id) {
        return faults.remove(id);
    }

    public void resetFaults() {
        faults.reset();
    }

    /** The network profile in force, or null. */
    public dev.understudy.mock.NetworkProfile network() {
        return network.profile();
    }

    /** Puts a network profile in force now (null: off). */
    public void network(dev.understudy.mock.NetworkProfile profile) {
        network.set(profile);
    }

    public Journal journal() {
        return journal;
    }

    public String adminToken() {
        return adminToken;
    }

    public String mintToken(String userId, Duration validFor) {
        return jwt.mintAccess(userId, userId + "@example.com", List.of("read", "write"), validFor);
    }

    /** Null for healthy. */
    public void unhealthy(String reason) {
        health.unhealthy(reason);
    }

    public int openSockets() {
        return registry.size();
    }

    public int openSockets(String userId) {
        return registry.count(userId);
    }

    public boolean started() {
        return started;
    }

    public int port() {
        requireStarted();
        return listener.port();
    }

    public URI httpUri() {
        requireStarted();
        return URI.create((config.sslContext() == null ? "http" : "https") + "://" + hostForUri(config.host()) + ":" + port());
    }

    public URI webSocketUri(String path) {
        requireStarted();
        return URI.create((config.sslContext() == null ? "ws" : "wss") + "://" + hostForUri(config.host()) + ":" + port() + path);
    }

    public URI adminUri() {
        requireStarted();
        if (adminListener == null) {
            throw new IllegalStateException("The admin API is off: build with admin(true)");
        }
        return URI.create("http://" + hostForUri(config.adminHost()) + ":" + adminListener.port());
    }

    /** Sends 1001 to every open socket, waits (briefly, bounded) for the frames to go out, then stops. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        try {
            registry.closeAll(Close.GOING_AWAY, Close.SERVER_STOPPING).get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a socket that can't take its close frame in time is cut with the worker
        }
        listener.close();
        if (adminApi != null) {
            adminApi.close();
        }
        if (adminListener != null) {
            adminListener.close();
        }
        tcpFaults.releaseAll();
        shutdownWorker();
        if (proxy != null) {
            proxy.close();
        }
        if (verbose != null) {
            verbose.close();
        }
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

    private static String hostForUri(String host) {
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
}
