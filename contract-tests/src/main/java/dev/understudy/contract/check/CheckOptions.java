package dev.understudy.contract.check;

import dev.understudy.client.TargetResolver;
import dev.understudy.contract.Waits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runnable check's command line, checked in full before anything runs. Every target flag stands for one of the
 * target switch's environment variables, and wins over it.
 *
 * @param target     the switch's variables the flags set ({@code STAGING_BASE_URL}, ...), to overlay the environment
 * @param reportsDir where to write the JUnit XML report, if anywhere
 * @param timeoutMs  the budget of every single wait
 * @param keepGoing  run every check even when a reachability check failed
 * @param help       {@code --help} was given
 */
record CheckOptions(Map<String, String> target, Optional<Path> reportsDir, long timeoutMs, boolean keepGoing,
                    boolean help) {

    static final String USAGE = """
            Usage: java -jar understudy-check.jar --base-url URL [options]
            Checks a backend (your staging) against the contract, check by check, and names each failure.

              --base-url URL            the backend's HTTP base, http:// or https://
              --ws-url URL              its WebSocket URL (default: the base URL with ws/wss and /ws)
              --auth-url URL            the base of the test-auth endpoint (default: the base URL)
              --token T                 a token, used as is
              --bypass-key K            trade this key for tokens at POST /auth/e2e/test-auth
              --secret S                the HS256 secret: mint tokens, and run the forged-token checks
              --trust-store FILE        a PKCS12 trust store, for a self-signed certificate
              --trust-store-password P  its password (default changeit)
              --reports-dir DIR         also write a JUnit XML report into DIR
              --timeout-ms N            the most any single wait may take (default %d); a run may take
                                        5 x N between events and 15 x N in all, a check 20 x N
              --keep-going              run every check even after a reachability check failed
              --help                    this text

            Tokens: --token, else --bypass-key, else --secret. Each target flag wins over its environment
            variable: STAGING_BASE_URL, STAGING_WS_URL, STAGING_AUTH_URL, STAGING_TEST_JWT_TOKEN,
            E2E_OAUTH_SIMULATION_KEY, JWT_SECRET_KEY, STAGING_TRUST_STORE, STAGING_TRUST_STORE_PASSWORD.
            Exit code: 0 when every check that ran passed, 1 when one failed, 2 for a bad flag or setting.
            """.formatted(Waits.DEFAULT_BUDGET_MS);

    private static final Map<String, String> TARGET_FLAGS = Map.of(
            "--base-url", TargetResolver.BASE_URL,
            "--ws-url", TargetResolver.WS_URL,
            "--auth-url", TargetResolver.AUTH_URL,
            "--token", TargetResolver.TEST_JWT,
            "--bypass-key", TargetResolver.BYPASS_KEY,
            "--secret", TargetResolver.SECRET,
            "--trust-store", TargetResolver.TRUST_STORE,
            "--trust-store-password", TargetResolver.TRUST_STORE_PASSWORD);

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException naming the flag and what was expected
     */
    static CheckOptions parse(List<String> args) {
        Map<String, String> target = new LinkedHashMap<>();
        Optional<Path> reports = Optional.empty();
        long timeout = Waits.DEFAULT_BUDGET_MS;
        boolean keepGoing = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) {
                return new CheckOptions(Map.of(), Optional.empty(), timeout, false, true);
            }
            if (flag.equals("--keep-going")) {
                keepGoing = true;
                continue;
            }
            if (!TARGET_FLAGS.containsKey(flag) && !flag.equals("--reports-dir") && !flag.equals("--timeout-ms")) {
                throw new IllegalArgumentException("unknown flag '" + flag + "'; see --help");
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args.get(++i);
            if (value.isBlank()) {
                throw new IllegalArgumentException(flag + " is empty; expected a value");
            }
            if (flag.equals("--reports-dir")) {
                reports = Optional.of(Path.of(value));
            } else if (flag.equals("--timeout-ms")) {
                timeout = positive(flag, value);
            } else if (target.put(TARGET_FLAGS.get(flag), value) != null) {
                throw new IllegalArgumentException(flag + " is given twice; give it once");
            }
        }
        String trust = target.get(TargetResolver.TRUST_STORE);
        if (trust != null && !Files.isRegularFile(Path.of(trust))) {
            throw new IllegalArgumentException("--trust-store '" + trust + "' is not a file; expected a PKCS12 trust store");
        }
        return new CheckOptions(Map.copyOf(target), reports, timeout, keepGoing, false);
    }

    private static long positive(String flag, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " is '" + value + "'; expected a positive number of milliseconds");
    }
}
