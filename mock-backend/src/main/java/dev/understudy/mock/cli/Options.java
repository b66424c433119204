package dev.understudy.mock.cli;

import dev.understudy.mock.AuthMode;
import dev.understudy.mock.Limits;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.NetworkProfile;
import dev.understudy.mock.Routes;
import dev.understudy.mock.StagingProfile;
import dev.understudy.mock.RecordUpstream;
import dev.understudy.mock.Scenario;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import dev.understudy.mock.fault.FaultSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The standalone server's command line (docs/cli.md), checked in full before anything starts.
 *
 * <p>Hand-written rather than a CLI library: a dozen {@code --flag value} pairs, and every millisecond of
 * JVM start counts for the standalone start-up figure.
 */
final class Options {

    static final String HELP = """
            Usage: java -jar understudy-mock.jar [flags]
                   java -jar understudy-mock.jar scenario-from RECORDING [--pace recorded|none] [--out FILE]

            Starts the understudy mock of the staging backend and prints its URLs and a test token.

              --host HOST                 address to bind (default 127.0.0.1)
              --port PORT                 public port, 0 = any free one (default 8002)
              --secret SECRET             HS256 secret, at least 32 bytes (default: the fixtures' test secret)
              --issuer ISS                require this token issuer (staging: netra-auth-service)
              --audience AUD              require this token audience (staging: netra-platform)
              --e2e-bypass-key KEY        enable POST /auth/e2e/test-auth with this key
              --scenario NAME|FILE        agent run scenario: default, streaming, agent-error, two-tools,
                                          drift-staging, or a file (e.g. one scenario-from made)
              --welcome FORM              system_message (default) or connection_established
              --auth MODE                 reject (403, default), close-1008 or permissive
              --settings FILE             WebSocket settings as JSON, shaped like /health's config block
              --no-health-config          leave the config block out of /health and /api/health
              --max-sockets-per-user N    open sockets allowed per user (default 10)
              --max-held-connections N    connections faults may hold at once (hang, blackhole, no-welcome);
                                          past it: 503, close 1013 or close instead (default 256)
              --header-timeout SECONDS    a request's headers must be complete this long after they begin
                                          (slowloris, a stalled upgrade; default 10)
              --idle-timeout SECONDS      an HTTP connection with no request in progress is closed after this
                                          (never an open WebSocket; default 300)
              --max-queued-bytes N        unwritten outgoing frames per socket past which a client that does not
                                          read is closed with 1008 (default 16777216)
              --tls-keystore FILE         serve https/wss with this PKCS12 key store
              --tls-password PASSWORD     the key store's password (default changeit)
              --tls-protocols LIST        TLS versions to serve: TLSv1.3 and/or TLSv1.2, comma-separated
                                          (default both), e.g. TLSv1.3 for a staging that accepts only 1.3
              --admin-port PORT           the admin API's own loopback port, 0 = any free one (default 0)
              --admin-host HOST           the admin API's address (default 127.0.0.1; elsewhere it needs a token)
              --preset NAME               inject a fault preset: local-service-down, welcome-timeout,
                                          backend-outage-503, handshake-500, deployment-gap, missing-config,
                                          lost-critical-event, cold-start, handshake-hang
              --fault SPEC                inject a fault, repeatable: KIND[:key=value,...], e.g.
                                          status:code=503,path=/health,times=2 or omit:event=tool_completed,
                                          or the admin API's JSON object, e.g. '{"fault":"hang","path":"/ws"}'
              --faults-file FILE          inject the faults of a JSON file (an object, an array, or {"faults":[...]})
              --profile NAME              apply a staging profile first (a name or a file; explicit flags override
                                          its values): default, remote-staging-2025-09
              --routes FILE               serve extra HTTP routes from a routes file or fixture (staging-rest),
                                          repeatable; see docs/routes.md
              --latency LATENCY           network profile: latency added to every HTTP answer and the upgrade's
                                          101, fixed (120ms) or a jitter range (80ms..200ms); see docs/network.md
              --latency-seed N            seed of the latency's jitter (the same seed draws the same latencies)
              --frame-latency             add the latency to each server frame too
              --verbose                   print a line per request, upgrade, fault hit, run and ending on stderr
              --frame-bandwidth BYTES     pace server frames to BYTES per second
              --record-upstream URL       recording proxy: forward every request and WebSocket session to this
                                          http(s) upstream and record each (docs/recording.md); faults still apply
              --record-out DIR            the folder the recording's session files go to (with --record-upstream)
              --upstream-ws-url URL       the upstream's WebSocket URL (default: --record-upstream as ws/wss, the
                                          client's own path)
              --upstream-trust-store FILE PKCS12 trust store for a self-signed upstream
              --upstream-trust-store-password P  its password (default changeit)
              --token-user SUB            user of the printed test token (default standalone-user)
              --ready-file FILE           once the server answers, write FILE (atomically) with one JSON object:
                                          http, ws, admin, token, pid, version; removed again on a clean stop
              --self-test                 start, answer one /health and one WebSocket welcome to itself, exit
                                          (0 when both worked): a smoke test, and the training run of the
                                          class-data-sharing archive the build makes
              --version                   print the version and exit
              --help                      print this and exit
            """;

    /** A flag the command line got wrong: the message names the flag and what was expected. */
    static final class BadFlag extends Exception {
        private static final long serialVersionUID = 1L;

        BadFlag(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final List<String> faultFlags = new ArrayList<>();
    private final List<String> presets = new ArrayList<>();
    private final List<String> routeFiles = new ArrayList<>();
    private boolean help;
    private boolean version;
    private boolean noHealthConfig;
    private boolean verbose;
    private boolean selfTest;
    private boolean frameLatency;
    private MockStagingServer.Builder builder;

    private static final Map<String, String> WITH_VALUE = Map.ofEntries(
            Map.entry("--host", "an address such as 127.0.0.1"),
            Map.entry("--port", "a port number 0-65535"),
            Map.entry("--secret", "an HS256 secret of at least 32 bytes"),
            Map.entry("--issuer", "an issuer name"),
            Map.entry("--audience", "an audience name"),
            Map.entry("--e2e-bypass-key", "a key"),
            Map.entry("--scenario", "a scenario name or file"),
            Map.entry("--welcome", "system_message or connection_established"),
            Map.entry("--auth", "reject, close-1008 or permissive"),
            Map.entry("--settings", "a JSON file"),
            Map.entry("--max-sockets-per-user", "a number >= 1"),
            Map.entry("--max-held-connections", "a number >= 0"),
            Map.entry("--header-timeout", "a number of seconds >= 1"),
            Map.entry("--idle-timeout", "a number of seconds >= 1"),
            Map.entry("--max-queued-bytes", "a number of bytes >= 1024"),
            Map.entry("--tls-keystore", "a PKCS12 file"),
            Map.entry("--tls-password", "a password"),
            Map.entry("--tls-protocols", "TLSv1.3 and/or TLSv1.2, comma-separated"),
            Map.entry("--token-user", "a user id"),
            Map.entry("--admin-port", "a port number 0-65535"),
            Map.entry("--admin-host", "an address such as 127.0.0.1"),
            Map.entry("--preset", "a preset name"),
            Map.entry("--fault", "a fault spec such as status:code=503"),
            Map.entry("--faults-file", "a JSON file of faults"),
            Map.entry("--routes", "a routes file or fixture name"),
            Map.entry("--profile", "a profile name or file"),
            Map.entry("--latency", "a latency such as 120ms or 80ms..200ms"),
            Map.entry("--latency-seed", "a whole number"),
            Map.entry("--frame-bandwidth", "bytes per second, a whole number >= 1"),
            Map.entry("--ready-file", "a file to write when ready"),
            Map.entry("--record-upstream", "an http or https URL"),
            Map.entry("--record-out", "a folder"),
            Map.entry("--upstream-ws-url", "a ws or wss URL"),
            Map.entry("--upstream-trust-store", "a PKCS12 file"),
            Map.entry("--upstream-trust-store-password", "a password"));

    private Options() {
    }

    static Options parse(String[] args) throws BadFlag {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> o.help = true;
                case "--version" -> o.version = true;
                case "--no-health-config" -> o.noHealthConfig = true;
                case "--self-test" -> o.selfTest = true;
                case "--frame-latency" -> o.frameLatency = true;
                case "--verbose" -> o.verbose = true;
                default -> {
                    String expected = WITH_VALUE.get(name);
                    if (expected == null) {
                        throw new BadFlag("unknown flag '" + arg + "'");
                    }
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new BadFlag(name + " expects " + expected + ", got nothing");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--fault" -> o.faultFlags.add(value);
                        case "--preset" -> o.presets.add(value);
                        case "--routes" -> o.routeFiles.add(value);
                        default -> o.values.put(name, value);
                    }
                }
            }
        }
        if (!o.help && !o.version) {
            o.builder = o.toBuilder(); // every value is checked before the server starts
        }
        return o;
    }

    boolean help() {
        return help;
    }

    boolean version() {
        return version;
    }

    /** Where to write the ready signal, or null. */
    Path readyFile() {
        String v = values.get("--ready-file");
        return v == null ? null : Path.of(v);
    }

    boolean selfTest() {
        return selfTest;
    }

    String tokenUser() {
        return values.getOrDefault("--token-user", "standalone-user");
    }

    /** The server these flags describe, checked when they were parsed. */
    MockStagingServer.Builder builder() {
        return builder;
    }

    private MockStagingServer.Builder toBuilder() throws BadFlag {
        MockStagingServer.Builder b = MockStagingServer.builder().port(MockStagingServer.STANDALONE_PORT);
        String profileName = values.get("--profile");
        StagingProfile profile = profileName == null ? null : checked("--profile", () -> StagingProfile.resolve(profileName));
        if (profile != null) {
            b.profile(profile); // first: every explicit flag below overrides its values
        }
        apply(b, "--host", MockStagingServer.Builder::host);
        apply(b, "--port", (bb, v) -> bb.port(integer("--port", v, 0, 65535)));
        apply(b, "--secret", MockStagingServer.Builder::secret);
        apply(b, "--issuer", MockStagingServer.Builder::issuer);
        apply(b, "--audience", MockStagingServer.Builder::audience);
        apply(b, "--e2e-bypass-key", MockStagingServer.Builder::e2eBypassKey);
        apply(b, "--scenario", (bb, v) -> bb.scenario(Scenario.resolve(v)));
        apply(b, "--welcome", (bb, v) -> bb.welcomeForm(WelcomeForm.fromWireName(v)));
        apply(b, "--auth", (bb, v) -> bb.authMode(AuthMode.fromWireName(v)));
        apply(b, "--settings", (bb, v) -> bb.settings(WebSocketSettings.fromConfigJson(read(v))));
        apply(b, "--max-sockets-per-user", (bb, v) -> bb.maxSocketsPerUser(integer("--max-sockets-per-user", v, 1, 1_000_000)));
        Limits[] limits = {Limits.defaults()};
        apply(b, "--max-held-connections", (bb, v) ->
                limits[0] = limits[0].withMaxHeldConnections(integer("--max-held-connections", v, 0, 1_000_000)));
        apply(b, "--header-timeout", (bb, v) ->
                limits[0] = limits[0].withHeaderTimeout(Duration.ofSeconds(integer("--header-timeout", v, 1, 86_400))));
        apply(b, "--idle-timeout", (bb, v) ->
                limits[0] = limits[0].withIdleTimeout(Duration.ofSeconds(integer("--idle-timeout", v, 1, 86_400))));
        apply(b, "--max-queued-bytes", (bb, v) ->
                limits[0] = limits[0].withMaxQueuedBytes(integer("--max-queued-bytes", v, 1024, Integer.MAX_VALUE)));
        b.limits(limits[0]);
        apply(b, "--tls-keystore", (bb, v) -> bb.tls(sslContext(Path.of(v), values.getOrDefault("--tls-password", "changeit"))));
        if (values.containsKey("--tls-password") && !values.containsKey("--tls-keystore")) {
            throw new BadFlag("--tls-password needs --tls-keystore");
        }
        apply(b, "--tls-protocols", (bb, v) -> bb.tlsProtocols(v.strip().split("\\s*,\\s*")));
        if (values.containsKey("--tls-protocols") && !values.containsKey("--tls-keystore")) {
            throw new BadFlag("--tls-protocols needs --tls-keystore");
        }
        apply(b, "--admin-port", (bb, v) -> bb.adminPort(integer("--admin-port", v, 0, 65535)));
        apply(b, "--admin-host", MockStagingServer.Builder::adminHost);
        if (noHealthConfig) {
            b.healthConfig(false);
        }
        if (verbose) {
            b.verbose(System.err);
        }
        List<FaultSpec> faults = new ArrayList<>();
        for (String preset : presets) {
            faults.addAll(checked("--preset", () -> FaultSpec.preset(preset)));
        }
        for (String spec : faultFlags) {
            faults.add(checked("--fault", () -> FaultSpec.parseFlag(spec)));
        }
        String file = values.get("--faults-file");
        if (file != null) {
            faults.addAll(checked("--faults-file", () -> FaultSpec.parseAll(read(file), file)));
        }
        b.faults(faults);
        for (String routes : routeFiles) {
            b.routes(checked("--routes", () -> Routes.resolve(routes)));
        }
        NetworkProfile network = network(profile == null ? null : profile.network());
        if (network != null) {
            b.networkProfile(network);
        }
        checkReadyFile();
        recording(b);
        return b;
    }

    /** The network profile the flags describe, or null when they name none. */
    private NetworkProfile network(NetworkProfile fromProfile) throws BadFlag {
        String latency = values.get("--latency");
        String seed = values.get("--latency-seed");
        String bandwidth = values.get("--frame-bandwidth");
        if (latency == null && fromProfile == null && (seed != null || frameLatency)) {
            throw new BadFlag((seed != null ? "--latency-seed" : "--frame-latency") + " needs --latency (or a --profile with one)");
        }
        if (latency == null && bandwidth == null && seed == null && !frameLatency) {
            return null; // the profile's, if any, stands
        }
        NetworkProfile.Builder n;
        if (latency != null) {
            n = checked("--latency", () -> NetworkProfile.parseLatency(latency));
        } else if (fromProfile != null) {
            n = NetworkProfile.latency(fromProfile.minLatency(), fromProfile.maxLatency());
            if (fromProfile.seed() != null) {
                n.seed(fromProfile.seed());
            }
            if (fromProfile.frameBandwidth() > 0) {
                n.frameBandwidth(fromProfile.frameBandwidth());
            }
        } else {
            n = NetworkProfile.builder();
        }
        boolean frames = frameLatency || latency == null && fromProfile != null && fromProfile.frames();
        if (seed != null) {
            try {
                n.seed(Long.parseLong(seed.strip()));
            } catch (NumberFormatException e) {
                throw new BadFlag("--latency-seed: expected a whole number, got '" + seed + "'");
            }
        }
        n.frames(frames);
        if (bandwidth != null) {
            long bps = integer("--frame-bandwidth", bandwidth, 1, Integer.MAX_VALUE, "--frame-bandwidth");
            n.frameBandwidth(bps);
        }
        return n.build();
    }

    private static int integer(String flag, String v, int min, int max, String name) throws BadFlag {
        try {
            return integer(flag, v, min, max);
        } catch (IllegalArgumentException e) {
            throw new BadFlag(name + ": " + e.getMessage());
        }
    }

    /** The recording proxy's flags: all or nothing, each checked before anything starts. */
    private void recording(MockStagingServer.Builder b) throws BadFlag {
        String up = values.get("--record-upstream");
        String out = values.get("--record-out");
        if (up == null) {
            for (String flag : List.of("--record-out", "--upstream-ws-url", "--upstream-trust-store", "--upstream-trust-store-password")) {
                if (values.containsKey(flag)) {
                    throw new BadFlag(flag + " needs --record-upstream");
                }
            }
            return;
        }
        if (out == null) {
            throw new BadFlag("--record-upstream needs --record-out DIR, the folder the recording goes to");
        }
        Path dir = Path.of(out);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadFlag("--record-out: expected a folder, got the file '" + out + "'");
        }
        RecordUpstream target;
        try {
            target = RecordUpstream.of(java.net.URI.create(up.strip()), dir);
        } catch (IllegalArgumentException e) {
            throw new BadFlag("--record-upstream: expected an http or https URL, got '" + up + "'");
        }
        String ws = values.get("--upstream-ws-url");
        if (ws != null) {
            try {
                target = target.withWebSocket(java.net.URI.create(ws.strip()));
            } catch (IllegalArgumentException e) {
                throw new BadFlag("--upstream-ws-url: expected a ws or wss URL, got '" + ws + "'");
            }
        }
        String store = values.get("--upstream-trust-store");
        if (store != null) {
            target = target.withTrust(trust(Path.of(store), values.getOrDefault("--upstream-trust-store-password", "changeit")));
        } else if (values.containsKey("--upstream-trust-store-password")) {
            throw new BadFlag("--upstream-trust-store-password needs --upstream-trust-store");
        }
        b.recordUpstream(target);
    }

    /** Where the recording goes, or null when not recording. */
    Path recordOut() {
        String v = values.get("--record-out");
        return v == null ? null : Path.of(v);
    }

    String recordUpstream() {
        return values.get("--record-upstream");
    }

    private static SSLContext trust(Path store, String password) throws BadFlag {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new BadFlag("--upstream-trust-store: expected a PKCS12 trust store readable with the"
                    + " --upstream-trust-store-password, got '" + store + "' (" + e.getMessage() + ")");
        }
    }

    private void checkReadyFile() throws BadFlag {
        String v = values.get("--ready-file");
        if (v == null) {
            return;
        }
        Path file = Path.of(v).toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new BadFlag("--ready-file: expected a file to write, got the directory '" + v + "'");
        }
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw new BadFlag("--ready-file: expected a file in an existing directory, got '" + v + "'");
        }
    }

    private void apply(MockStagingServer.Builder b, String flag, BiConsumer<MockStagingServer.Builder, String> setter) throws BadFlag {
        String v = values.get(flag);
        if (v == null) {
            return;
        }
        try {
            setter.accept(b, v);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new BadFlag(flag + ": " + why.replaceFirst("^(port|secret|host|tls-protocols): ", ""));
        }
    }

    private static <T> T checked(String flag, java.util.function.Supplier<T> parse) throws BadFlag {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            throw new BadFlag(flag + ": " + e.getMessage());
        }
    }

    private static int integer(String flag, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("expected a whole number " + min + "-" + max + ", got '" + v + "'");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("expected a readable file, got '" + file + "' (" + e + ")");
        }
    }

    private static SSLContext sslContext(Path keystore, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("expected a PKCS12 key store readable with the --tls-password, got '"
                    + keystore + "' (" + e.getMessage() + ")");
        }
    }
}
