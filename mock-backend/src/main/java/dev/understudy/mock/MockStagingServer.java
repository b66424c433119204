package dev.understudy.mock;

import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.fault.FaultSpec;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.journal.Journal;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-process stand-in for the staging backend: health endpoints, the JWT-authenticated WebSocket and the
 * agent event stream of docs/contract.md, on a real Undertow server bound to loopback.
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

    /** The TLS versions {@link Builder#tlsProtocols} accepts (older ones are off in the JDK). */
    private static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final Config config;
    private final Bridge.Backend backend;

    private MockStagingServer(Config config) {
        this.config = config;
        this.backend = new Bridge.Backend(config);
    }

    /**
     * Everything a server is built with; an immutable value the {@link Builder} produces.
     *
     * @param scenario     the scenario runs play, or null for {@link Scenario#defaultScenario()}
     * @param e2eBypassKey the key {@code POST /auth/e2e/test-auth} takes, or null for the endpoint off (503)
     * @param issuer       the issuer every token must carry, or null to check none
     * @param audience     the audience every token must carry, or null to check none
     * @param sslContext   serves https and wss with it, or null for plain http and ws
     * @param tlsProtocols the TLS versions served with {@code sslContext}; empty for the JDK's defaults (1.3 and 1.2)
     * @param adminToken   the token a non-loopback admin API requires, or null for a random one
     * @param faults       faults injected as the server starts
     * @param routes       extra HTTP routes from data, asked after the built-in ones
     * @param network      the network profile (latency, jitter, frame bandwidth), or null for none
     * @param recordUpstream the upstream a recording proxy forwards every request to (docs/recording.md), or null
     *                       for the mock's own routes
     * @param limits       the bounds every client is held to (docs/limits.md)
     * @param verbose      where a line per request, connection, fault hit, run and ending is printed, or null
     */
    public record Config(String host, int port, String secret, String issuer, String audience, String e2eBypassKey,
                         Scenario scenario, WelcomeForm welcomeForm, AuthMode authMode, WebSocketSettings settings,
                         boolean healthConfig, int maxSocketsPerUser, int ioThreads, SSLContext sslContext,
                         List<String> tlsProtocols, boolean admin, String adminHost, int adminPort, String adminToken, boolean journal,
                         List<FaultSpec> faults, List<Routes> routes, NetworkProfile network,
                         RecordUpstream recordUpstream, Limits limits, java.io.PrintStream verbose) {
        public Config {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(welcomeForm, "welcomeForm");
            Objects.requireNonNull(authMode, "authMode");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(adminHost, "adminHost");
            tlsProtocols = List.copyOf(tlsProtocols);
            faults = List.copyOf(faults);
            routes = List.copyOf(routes);
        }
    }

    /** A builder with the defaults: 127.0.0.1, port 0, the fixture test secret, the default scenario. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration this server was built with. */
    public Config config() {
        return config;
    }

    /** Binds the port and starts serving; returns this. */
    public MockStagingServer start() {
        backend.start();
        return this;
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
        return backend.inject(fault, scope, schedule);
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
        return backend.faults();
    }

    /** Removes one rule by id; false if none is active with that id. */
    public boolean removeFault(String id) {
        return backend.removeFault(id);
    }

    /** Removes every fault. */
    public void resetFaults() {
        backend.resetFaults();
    }

    /** The network profile in force (the builder's, or what the admin API's {@code PUT /network} set), or null. */
    public NetworkProfile networkProfile() {
        return backend.network();
    }

    /** Puts a network profile in force from the next request and frame on; null turns it off. */
    public void networkProfile(NetworkProfile profile) {
        backend.network(profile);
    }

    /** What each WebSocket connection did: handshake (token redacted), frames with times, how it ended. */
    public Journal journal() {
        return backend.journal();
    }

    /** The admin API's base URI ({@code http://127.0.0.1:<port>}), on its own port. */
    public URI adminUri() {
        return backend.adminUri();
    }

    /** The token the admin API requires when bound to a non-loopback address, else null. */
    public String adminToken() {
        return backend.adminToken();
    }

    /** {@code http://host:port} (or https with TLS). */
    public URI httpUri() {
        return backend.httpUri();
    }

    /** {@code ws://host:port/ws} (or wss with TLS). */
    public URI webSocketUri() {
        return webSocketUri("/ws");
    }

    /** The WebSocket URI of a path ({@code /ws} or {@code /api/v1/websocket}). */
    public URI webSocketUri(String path) {
        return backend.webSocketUri(path);
    }

    /** The public port. */
    public int port() {
        return backend.port();
    }

    /** A valid access token for {@code userId}, signed with this server's secret, valid for an hour. */
    public String mintToken(String userId) {
        return mintToken(userId, Duration.ofHours(1));
    }

    /** A valid access token for {@code userId}, valid for {@code validFor}. */
    public String mintToken(String userId, Duration validFor) {
        return backend.mintToken(userId, validFor);
    }

    /** The HS256 secret tokens must be signed with. */
    public String secret() {
        return config.secret();
    }

    /** The settings this server reports and runs with. */
    public WebSocketSettings settings() {
        return config.settings();
    }

    /** Makes {@code /health} and {@code /api/health} answer 503 {@code {"status":"unhealthy","message":reason}}. */
    public void unhealthy(String reason) {
        backend.unhealthy(Objects.requireNonNull(reason, "reason"));
    }

    /** Undoes {@link #unhealthy(String)}. */
    public void healthy() {
        backend.unhealthy(null);
    }

    /** Open WebSocket sessions (admitted ones, welcome sent or not). */
    public int openSockets() {
        return backend.openSockets();
    }

    /** Open WebSocket sessions of one user. */
    public int openSockets(String userId) {
        return backend.openSockets(userId);
    }

    /** Sends 1001 to every open socket, waits (briefly, bounded) for the frames to go out, then stops. */
    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "MockStagingServer[" + (backend.started() ? httpUri() : "not started") + "]";
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
        private final List<Routes> routes = new ArrayList<>();
        private NetworkProfile network;
        private RecordUpstream recordUpstream;
        private Limits limits = Limits.defaults();
        private java.io.PrintStream verbose;

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

        /**
         * Applies a staging profile (docs/profiles.md): each value it sets replaces the builder's, its routes are
         * added. Settings made after this call override the profile's, so call it first.
         */
        public Builder profile(StagingProfile profile) {
            if (profile.network() != null) {
                networkProfile(profile.network());
            }
            if (profile.authMode() != null) {
                authMode(profile.authMode());
            }
            if (profile.welcomeForm() != null) {
                welcomeForm(profile.welcomeForm());
            }
            if (profile.settings() != null) {
                settings(profile.settings());
            }
            if (profile.scenario() != null) {
                scenario(profile.scenario());
            }
            profile.routes().forEach(this::routes);
            return this;
        }

        /** Applies a fixture profile by name ({@code default}, {@code remote-staging-2025-09}) or a profile file. */
        public Builder profile(String nameOrFile) {
            return profile(StagingProfile.resolve(nameOrFile));
        }

        /** The network profile (docs/network.md): latency with jitter on every answer, optionally on frames; null for none. */
        public Builder networkProfile(NetworkProfile profile) {
            this.network = profile;
            return this;
        }

        /** Adds extra HTTP routes (docs/routes.md); repeatable, the first added that matches a request answers it. */
        public Builder routes(Routes more) {
            this.routes.add(Objects.requireNonNull(more, "routes"));
            return this;
        }

        /** Adds a routes fixture by name ({@code staging-rest}) or a routes file. */
        public Builder routes(String nameOrFile) {
            return routes(Routes.resolve(nameOrFile));
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
            Bridge.checkSecret(secret);
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

        /** Which welcome frame every socket gets first; {@code system_message} by default. */
        public Builder welcomeForm(WelcomeForm form) {
            this.welcomeForm = Objects.requireNonNull(form, "welcomeForm");
            return this;
        }

        /** What a missing or bad token gets; a 403 before the upgrade by default. */
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

        /** The bounds every client is held to (held connections, timeouts, queued frames); {@link Limits#defaults()} by default. */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Prints one line per plain request, upgrade (accepted, or rejected and why), fault hit, run and ending to
         * {@code out} (the standalone's {@code --verbose} uses stderr), from a thread of its own; null for none.
         */
        public Builder verbose(java.io.PrintStream out) {
            this.verbose = out;
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

        /**
         * Proxies every request and WebSocket session to this upstream instead of answering them, recording each
         * (docs/recording.md); the faults still apply in front of it.
         */
        public Builder recordUpstream(RecordUpstream upstream) {
            this.recordUpstream = upstream;
            return this;
        }

        /** The immutable configuration these settings make. */
        public Config config() {
            return new Config(host, port, secret, issuer, audience, e2eBypassKey, scenario, welcomeForm, authMode,
                    settings, healthConfig, maxSocketsPerUser, ioThreads, sslContext, tlsProtocols, admin, adminHost, adminPort,
                    adminToken, journal, initialFaults, routes, network, recordUpstream, limits, verbose);
        }

        /** A server with these settings, not yet started. */
        public MockStagingServer build() {
            return new MockStagingServer(config());
        }

        /** Builds and starts. */
        public MockStagingServer start() {
            return build().start();
        }
    }
}
