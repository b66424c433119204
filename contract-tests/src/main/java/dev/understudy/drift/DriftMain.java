package dev.understudy.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.client.Target;
import dev.understudy.client.TargetResolver;
import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.MockStagingServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code drift}: compares what a real staging does with what the mock does (docs/drift.md) and prints one line per
 * difference, with the mock setting that would make them agree. Exit code 0: no drift; 1: drift; 2: bad usage, or
 * the comparison could not be run (a target that does not answer, an unreadable recording).
 */
public final class DriftMain {

    static final String USAGE = """
            Usage: drift (--staging URL | --recording DIR) [flags]

            Compares a staging (live, or as recorded by --record-out) with the mock and prints each difference.
            The environment of the contract suite works too (STAGING_BASE_URL, STAGING_TEST_JWT_TOKEN, ...).

              --staging URL               staging's HTTP base URL (or STAGING_BASE_URL)
              --staging-ws-url URL        staging's WebSocket URL (or STAGING_WS_URL; default: the base URL's /ws)
              --recording DIR             compare a recording made earlier instead of a live staging
              --token JWT                 staging token (or STAGING_TEST_JWT_TOKEN)
              --bypass-key KEY            staging's test-auth key (or E2E_OAUTH_SIMULATION_KEY); also probes test-auth
              --secret SECRET             staging's HS256 secret, to mint tokens (or JWT_SECRET_KEY)
              --trust-store FILE          PKCS12 trust for a self-signed staging (or STAGING_TRUST_STORE)
              --trust-store-password P    its password (default changeit)
              --mock URL                  a running mock's HTTP base URL (default: an embedded mock with its defaults)
              --mock-secret SECRET        that mock's secret (default: the fixtures' test secret)
              --mock-bypass-key KEY       that mock's test-auth key (default: --bypass-key)
              --timeout-ms N              per probe (default 10000)
              --json FILE                 also write the report as JSON
              --help                      print this and exit

            Exit code: 0 no drift, 1 drift, 2 bad usage or no comparison possible.
            """;

    private DriftMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs a comparison; returns the exit code. {@code env} stands in for the environment (tests pass their own). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.print(USAGE);
                return 0;
            }
            if (!FLAGS.containsKey(a)) {
                return usage(err, "unknown flag '" + a + "'");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                return usage(err, a + " expects " + FLAGS.get(a) + ", got nothing");
            }
            flags.put(a, args[++i]);
        }
        Map<String, String> stagingEnv = new HashMap<>(env);
        stagingEnv.remove(TargetResolver.TARGET_ENV);
        put(stagingEnv, TargetResolver.BASE_URL, flags.get("--staging"));
        put(stagingEnv, TargetResolver.WS_URL, flags.get("--staging-ws-url"));
        put(stagingEnv, TargetResolver.TEST_JWT, flags.get("--token"));
        put(stagingEnv, TargetResolver.BYPASS_KEY, flags.get("--bypass-key"));
        put(stagingEnv, TargetResolver.SECRET, flags.get("--secret"));
        put(stagingEnv, TargetResolver.TRUST_STORE, flags.get("--trust-store"));
        put(stagingEnv, TargetResolver.TRUST_STORE_PASSWORD, flags.get("--trust-store-password"));
        String recording = flags.get("--recording");
        boolean live = stagingEnv.get(TargetResolver.BASE_URL) != null && !stagingEnv.get(TargetResolver.BASE_URL).isBlank();
        if (recording != null && flags.containsKey("--staging")) {
            return usage(err, "--staging and --recording exclude each other: compare a live staging or a recording");
        }
        if (recording == null && !live) {
            return usage(err, "expects --staging URL (or STAGING_BASE_URL) or --recording DIR");
        }
        Duration timeout;
        try {
            timeout = Duration.ofMillis(Long.parseLong(flags.getOrDefault("--timeout-ms", "10000")));
            if (timeout.toMillis() < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return usage(err, "--timeout-ms expects a whole number of milliseconds >= 1, got '" + flags.get("--timeout-ms") + "'");
        }
        long started = System.nanoTime();
        Observation staging;
        Target stagingTarget = null;
        try {
            if (recording != null) {
                staging = RecordingReader.read(Path.of(recording));
            } else {
                stagingTarget = TargetResolver.stagingTarget(stagingEnv);
                staging = null;
            }
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        Optional<String> stagingKey = Optional.ofNullable(stagingEnv.get(TargetResolver.BYPASS_KEY)).filter(k -> !k.isBlank());
        boolean probeTestAuth = recording == null ? stagingKey.isPresent() : staging.http.containsKey("POST " + Probe.TEST_AUTH);
        String mockKey = flags.getOrDefault("--mock-bypass-key", stagingKey.orElse("drift-probe-bypass-key"));
        MockStagingServer embedded = null;
        Observation mock;
        String mockLabel;
        try {
            if (stagingTarget != null) {
                staging = new Probe(stagingTarget, stagingKey, timeout).observe("staging " + stagingTarget.httpBase());
            }
            Target mockTarget;
            if (flags.containsKey("--mock")) {
                URI base = URI.create(flags.get("--mock"));
                String ws = base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/ws";
                mockTarget = Target.mock(base, URI.create(ws), flags.getOrDefault("--mock-secret", Fixtures.testSecret()));
                mockLabel = "mock " + base;
            } else {
                embedded = MockStagingServer.builder().e2eBypassKey(mockKey).start();
                mockTarget = Target.mock(embedded.httpUri(), embedded.webSocketUri("/ws"), Fixtures.testSecret());
                mockLabel = "mock " + embedded.httpUri() + " (embedded, defaults)";
            }
            mock = new Probe(mockTarget, probeTestAuth ? Optional.of(mockKey) : Optional.empty(), timeout).observe(mockLabel);
        } catch (Exception e) {
            err.println("drift: could not probe " + (staging == null ? "staging" : "the mock") + ": " + describe(e));
            return 2;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        Compare c = Compare.of(staging, mock);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println("drift: " + staging.label + " vs " + mock.label);
        c.differences.forEach(d -> out.println(d.line()));
        c.notCompared.forEach(n -> out.println("not compared: " + n));
        out.println(c.differences.isEmpty() ? String.format(Locale.ROOT, "drift: none (%.2f s)", seconds)
                : String.format(Locale.ROOT, "drift: %d difference%s (%.2f s)", c.differences.size(),
                c.differences.size() == 1 ? "" : "s", seconds));
        out.flush();
        String json = flags.get("--json");
        if (json != null) {
            try {
                Files.writeString(Path.of(json), report(staging, mock, c, seconds), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("drift: --json: could not write '" + json + "': " + e.getMessage());
                return 2;
            }
        }
        return c.differences.isEmpty() ? 0 : 1;
    }

    static String report(Observation staging, Observation mock, Compare c, double seconds) throws IOException {
        ObjectNode root = Probe.JSON.createObjectNode();
        root.put("drift", !c.differences.isEmpty());
        root.put("staging", staging.label);
        root.put("mock", mock.label);
        root.put("seconds", Math.round(seconds * 1000) / 1000.0);
        ArrayNode diffs = root.putArray("differences");
        for (Difference d : c.differences) {
            ObjectNode n = diffs.addObject();
            n.put("where", d.where());
            n.put("staging", d.staging());
            n.put("mock", d.mock());
            if (d.setting() == null) {
                n.putNull("setting");
            } else {
                n.put("setting", d.setting());
            }
        }
        ArrayNode nc = root.putArray("not_compared");
        c.notCompared.forEach(nc::add);
        return Probe.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("--staging", "a URL"), Map.entry("--staging-ws-url", "a URL"), Map.entry("--recording", "a folder"),
            Map.entry("--token", "a token"), Map.entry("--bypass-key", "a key"), Map.entry("--secret", "a secret"),
            Map.entry("--trust-store", "a PKCS12 file"), Map.entry("--trust-store-password", "a password"),
            Map.entry("--mock", "a URL"), Map.entry("--mock-secret", "a secret"), Map.entry("--mock-bypass-key", "a key"),
            Map.entry("--timeout-ms", "a number of milliseconds"), Map.entry("--json", "a file"));

    private static void put(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("drift: " + message);
        err.println("Run with --help to see every flag.");
        return 2;
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return "timed out";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed (" + t.getMessage() + ")";
            }
        }
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? "failed" : t.getMessage();
    }
}
