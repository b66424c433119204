package dev.understudy.client;

import dev.understudy.client.internal.TrustStores;
import dev.understudy.client.internal.http.Uris;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one place that reads which backend to test, and for staging how to reach it (the target switch of {@code docs/contract.md}).
 *
 * <ul>
 *   <li>{@code contract.target} (system property) or, when that is unset, {@code CONTRACT_TARGET} (environment):
 *       {@code mock} (the default) or {@code staging}; case and surrounding blanks do not matter; a blank value counts
 *       as unset; anything else is an error.</li>
 *   <li>{@code STAGING_BASE_URL} (required for staging, http or https); {@code STAGING_WS_URL} (default: the base URL
 *       with http→ws, https→wss and {@code /ws} appended to its path); {@code STAGING_AUTH_URL} (default: the base
 *       URL).</li>
 *   <li>The token, first match wins: {@code STAGING_TEST_JWT_TOKEN} (used as is), {@code E2E_OAUTH_SIMULATION_KEY}
 *       (the kit calls {@code POST /auth/e2e/test-auth}), {@code JWT_SECRET_KEY} (the kit mints tokens with issuer
 *       {@code netra-auth-service} and audience {@code netra-platform}). {@code JWT_SECRET_KEY} also fills
 *       {@link Target#secret()} whichever source wins.</li>
 *   <li>{@code STAGING_TRUST_STORE} (a PKCS12 file) and {@code STAGING_TRUST_STORE_PASSWORD} (default
 *       {@code changeit}): the trust for a self-signed staging, used by HTTP and WebSocket alike.</li>
 * </ul>
 *
 * <p>For the mock the environment cannot know the server (it is started per test run), so {@link #resolve} only says
 * {@link Target.Kind#MOCK}; whoever starts the mock builds the target with {@link Target#mock}.
 */
public final class TargetResolver {

    /** System property choosing the target. */
    public static final String TARGET_PROPERTY = "contract.target";
    /** Environment variable choosing the target when the system property is unset. */
    public static final String TARGET_ENV = "CONTRACT_TARGET";
    /** Staging's HTTP base URL. */
    public static final String BASE_URL = "STAGING_BASE_URL";
    /** Staging's WebSocket URL. */
    public static final String WS_URL = "STAGING_WS_URL";
    /** Staging's auth service base URL. */
    public static final String AUTH_URL = "STAGING_AUTH_URL";
    /** A ready-made token. */
    public static final String TEST_JWT = "STAGING_TEST_JWT_TOKEN";
    /** The test-auth bypass key. */
    public static final String BYPASS_KEY = "E2E_OAUTH_SIMULATION_KEY";
    /** The HS256 secret. */
    public static final String SECRET = "JWT_SECRET_KEY";
    /** PKCS12 trust store for a self-signed staging. */
    public static final String TRUST_STORE = "STAGING_TRUST_STORE";
    /** The trust store's password. */
    public static final String TRUST_STORE_PASSWORD = "STAGING_TRUST_STORE_PASSWORD";
    /** The password Java tools give trust stores unless told otherwise. */
    public static final String DEFAULT_TRUST_STORE_PASSWORD = "changeit";

    private TargetResolver() {
    }

    /**
     * What to test against: for {@link Target.Kind#STAGING} the target, built from {@code env}; for
     * {@link Target.Kind#MOCK} only the kind.
     *
     * @throws IllegalArgumentException when the choice or the staging settings are invalid, naming the variable
     */
    public static Resolution resolve(Map<String, String> env, Map<String, String> systemProperties) {
        Target.Kind kind = kind(env, systemProperties);
        return kind == Target.Kind.STAGING
                ? new Resolution(kind, Optional.of(stagingTarget(env)))
                : new Resolution(kind, Optional.empty());
    }

    /** Which target the system property or the environment chooses; {@link Target.Kind#MOCK} when neither does. */
    public static Target.Kind kind(Map<String, String> env, Map<String, String> systemProperties) {
        String source = TARGET_PROPERTY + " (system property)";
        String value = value(systemProperties, TARGET_PROPERTY);
        if (value == null) {
            source = TARGET_ENV + " (environment)";
            value = value(env, TARGET_ENV);
        }
        if (value == null) {
            return Target.Kind.MOCK;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "mock":
                return Target.Kind.MOCK;
            case "staging":
                return Target.Kind.STAGING;
            default:
                throw new IllegalArgumentException(source + " is '" + value
                        + "'; allowed: 'mock' (the default) or 'staging'");
        }
    }

    /**
     * The staging target the environment describes.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static Target stagingTarget(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        String base = value(env, BASE_URL);
        if (base == null) {
            throw new IllegalArgumentException(BASE_URL + " is not set; staging needs it, e.g. "
                    + BASE_URL + "=https://api.staging.example.com (or run against the mock: "
                    + TARGET_ENV + "=mock)");
        }
        URI httpBase = httpUrl(BASE_URL, base);
        String ws = value(env, WS_URL);
        URI webSocketUri = ws == null ? Uris.toWebSocket(httpBase, "/ws") : webSocketUrl(ws);
        String auth = value(env, AUTH_URL);
        URI authBase = auth == null ? httpBase : httpUrl(AUTH_URL, auth);
        Optional<SSLContext> ssl = trust(env);
        Optional<String> secret = Optional.ofNullable(value(env, SECRET));
        TokenSource tokens = tokens(env, authBase, ssl, secret);
        return new Target(Target.Kind.STAGING, httpBase, webSocketUri, authBase, tokens, ssl, secret);
    }

    /** The JVM's system properties as a map, for {@link #resolve}. */
    public static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames()
                .forEach(name -> properties.put(name, System.getProperty(name)));
        return properties;
    }

    private static TokenSource tokens(Map<String, String> env, URI authBase, Optional<SSLContext> ssl,
                                      Optional<String> secret) {
        String fixed = value(env, TEST_JWT);
        if (fixed != null) {
            return TokenSource.fixed(fixed);
        }
        String bypassKey = value(env, BYPASS_KEY);
        if (bypassKey != null) {
            return TokenSource.testAuth(authBase, bypassKey, ssl);
        }
        if (secret.isPresent()) {
            try {
                return TokenSource.minted(secret.get(), TestTokens.STAGING_ISSUER, TestTokens.STAGING_AUDIENCE);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SECRET + " cannot sign tokens: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("Staging needs a token source and none is set: set one of "
                + TEST_JWT + " (a token used as is), " + BYPASS_KEY + " (the test-auth bypass key) or "
                + SECRET + " (the HS256 secret)");
    }

    private static Optional<SSLContext> trust(Map<String, String> env) {
        String path = value(env, TRUST_STORE);
        if (path == null) {
            return Optional.empty();
        }
        String password = Objects.requireNonNullElse(value(env, TRUST_STORE_PASSWORD), DEFAULT_TRUST_STORE_PASSWORD);
        return Optional.of(TrustStores.fromPkcs12(Path.of(path), password.toCharArray(), TRUST_STORE));
    }

    private static URI httpUrl(String variable, String value) {
        URI uri = parse(variable, value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(variable + " is '" + value
                    + "'; expected an absolute http:// or https:// URL with a host");
        }
        return uri;
    }

    private static URI webSocketUrl(String value) {
        URI uri = parse(WS_URL, value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("ws") && !scheme.equals("wss")) || uri.getHost() == null) {
            throw new IllegalArgumentException(WS_URL + " is '" + value
                    + "'; expected an absolute ws:// or wss:// URL with a host");
        }
        return uri;
    }

    private static URI parse(String variable, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(variable + " is '" + value + "', which is not a URL: "
                    + e.getMessage(), e);
        }
    }

    /** The trimmed value, or null when absent or blank (an exported-but-empty variable counts as unset). */
    private static String value(Map<String, String> map, String name) {
        String value = map == null ? null : map.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * What {@link #resolve} found: the kind, and for staging the target.
     *
     * @param kind    mock or staging
     * @param staging the staging target; empty for the mock
     */
    public record Resolution(Target.Kind kind, Optional<Target> staging) {

        public Resolution {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(staging, "staging");
            if ((kind == Target.Kind.STAGING) != staging.isPresent()) {
                throw new IllegalArgumentException("a staging resolution carries a target, a mock one none");
            }
        }

        /** Whether the mock was chosen. */
        public boolean isMock() {
            return kind == Target.Kind.MOCK;
        }

        /** The staging target, or the mock's from {@code startMock} (called only when the mock was chosen). */
        public Target orElseMock(Supplier<Target> startMock) {
            return staging.orElseGet(startMock);
        }
    }
}
