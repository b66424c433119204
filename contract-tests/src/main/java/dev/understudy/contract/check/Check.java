package dev.understudy.contract.check;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.BackendHttpClient;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.SocketOptions;
import dev.understudy.client.Target;
import dev.understudy.client.TokenPlacement;
import dev.understudy.client.TargetResolver;
import dev.understudy.contract.Waits;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

/**
 * The runnable staging check ({@code understudy-check.jar}): runs the contract suite against a backend through the
 * JUnit Platform Launcher and prints, per contract section, each check's result, its time and, for a failure, the
 * client kit's named outcome.
 *
 * <p>Exit code 0 when every check that ran passed, 1 when one failed (or none ran), 2 for a bad flag or setting.
 */
public final class Check {

    /** The package the suite lives in. */
    static final String SUITE_PACKAGE = "dev.understudy.contract";
    /** The suite's classes, by name. */
    static final String SUITE_CLASSES = ".*ContractTest";

    /** The loggers whose start-up banners (XNIO's, JBoss Threads') would interleave with the check's lines. */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.xnio"), java.util.logging.Logger.getLogger("org.jboss"),
            java.util.logging.Logger.getLogger("io.undertow"));

    private static final Duration WARM_UP = Duration.ofSeconds(5);

    private Check() {
    }

    /**
     * Loads the HTTP and WebSocket clients' classes (a refused connect to a closed loopback port, answered at once),
     * so the first check's budget is spent waiting for the backend, not on this JVM's class loading: cold, the first
     * upgrade alone costs about a second here.
     */
    static void warmUp() {
        URI closed = URI.create("http://127.0.0.1:1");
        try {
            BackendHttpClient.builder(closed).build().health(WARM_UP);
        } catch (OutcomeException expected) {
            // refused, as it should be
        }
        try (AgentSocket socket = AgentSocket.connect(SocketOptions.builder(URI.create("ws://127.0.0.1:1/ws")).placement(TokenPlacement.NONE).build(), WARM_UP)) {
            socket.isOpen();
        } catch (OutcomeException expected) {
            // refused, as it should be
        }
    }

    /** Runs the check and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs the check with these arguments and environment, printing to {@code out} and {@code err}; the exit code. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        CheckOptions options;
        try {
            options = CheckOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("understudy-check: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(CheckOptions.USAGE);
            return 0;
        }
        Map<String, String> settings = new HashMap<>(env);
        settings.putAll(options.target());
        Target target;
        try {
            String base = settings.get(TargetResolver.BASE_URL);
            if (base == null || base.isBlank()) {
                throw new IllegalArgumentException("--base-url is required (or " + TargetResolver.BASE_URL
                        + "), e.g. --base-url https://api.staging.example.com");
            }
            target = TargetResolver.stagingTarget(settings);
        } catch (IllegalArgumentException e) {
            err.println("understudy-check: " + e.getMessage() + " (flags: --token, --bypass-key, --secret; see --help)");
            return 2;
        }
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        // Waits reads the budget when the suite first uses it, which is after this line
        System.setProperty(Waits.BUDGET_PROPERTY, Long.toString(options.timeoutMs()));

        out.println("understudy check: " + target.httpBase() + " (WebSocket " + target.webSocketUri() + ")");
        out.println("tokens: " + target.tokens() + (target.secret().isPresent() ? "; secret known" : "; no secret")
                + "; " + options.timeoutMs() + " ms per wait" + (options.keepGoing() ? "; keep going" : ""));

        warmUp();

        Map<String, String> parameters = new HashMap<>();
        parameters.put(TargetResolver.TARGET_PROPERTY, "staging");
        for (String name : List.of(TargetResolver.BASE_URL, TargetResolver.WS_URL, TargetResolver.AUTH_URL,
                TargetResolver.TEST_JWT, TargetResolver.BYPASS_KEY, TargetResolver.SECRET, TargetResolver.TRUST_STORE,
                TargetResolver.TRUST_STORE_PASSWORD)) {
            String value = settings.get(name);
            if (value != null && !value.isBlank()) {
                parameters.put(name, value);
            }
        }
        parameters.put("understudy.check.fail-fast", Boolean.toString(!options.keepGoing()));
        parameters.put("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation");
        parameters.put("junit.jupiter.execution.timeout.default", (20 * options.timeoutMs()) + " ms");
        parameters.put("junit.jupiter.execution.parallel.enabled", "false");

        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(SUITE_PACKAGE))
                .filters(includeClassNamePatterns(SUITE_CLASSES))
                .configurationParameters(parameters)
                .build();
        CheckReport report = new CheckReport(out);
        List<TestExecutionListener> listeners = new ArrayList<>(List.of(report));
        if (options.reportsDir().isPresent()) {
            try {
                Files.createDirectories(options.reportsDir().get());
            } catch (IOException e) {
                err.println("understudy-check: --reports-dir " + options.reportsDir().get() + " cannot be created: " + e.getMessage());
                return 2;
            }
            listeners.add(new LegacyXmlReportGeneratingListener(options.reportsDir().get(),
                    new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true)));
        }
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listeners.toArray(TestExecutionListener[]::new));
        options.reportsDir().ifPresent(dir -> out.println("JUnit XML report: " + dir.toAbsolutePath()));
        return report.exitCode();
    }
}
