package dev.understudy.client;

import dev.understudy.client.internal.token.TokenPeek;
import dev.understudy.fixtures.Fixtures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class TargetResolverTest {

    private static final Map<String, String> NONE = Map.of();
    private static final String SECRET = Fixtures.testSecret();

    private static Map<String, String> staging(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("STAGING_BASE_URL", "https://api.staging.example.com");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static Path resource(String name) {
        try {
            return Path.of(TargetResolverTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class Kind {

        @Test
        void defaultsToTheMockWhenNothingIsSet() {
            assertThat(TargetResolver.kind(NONE, NONE)).isEqualTo(Target.Kind.MOCK);
        }

        @Test
        void theEnvironmentCanChooseStaging() {
            assertThat(TargetResolver.kind(Map.of("CONTRACT_TARGET", "staging"), NONE)).isEqualTo(Target.Kind.STAGING);
        }

        @Test
        void theSystemPropertyWinsOverTheEnvironment() {
            assertThat(TargetResolver.kind(Map.of("CONTRACT_TARGET", "staging"), Map.of("contract.target", "mock")))
                    .isEqualTo(Target.Kind.MOCK);
            assertThat(TargetResolver.kind(Map.of("CONTRACT_TARGET", "mock"), Map.of("contract.target", "staging")))
                    .isEqualTo(Target.Kind.STAGING);
        }

        @Test
        void caseAndSurroundingBlanksDoNotMatter() {
            assertThat(TargetResolver.kind(Map.of("CONTRACT_TARGET", " Staging "), NONE))
                    .isEqualTo(Target.Kind.STAGING);
        }

        @Test
        void aBlankValueCountsAsUnset() {
            assertThat(TargetResolver.kind(Map.of("CONTRACT_TARGET", "staging"), Map.of("contract.target", "  ")))
                    .isEqualTo(Target.Kind.STAGING);
            assertThat(TargetResolver.kind(Map.of("CONTRACT_TARGET", ""), NONE)).isEqualTo(Target.Kind.MOCK);
        }

        @Test
        void anUnknownValueNamesTheVariableTheValueAndWhatIsAllowed() {
            assertThatThrownBy(() -> TargetResolver.kind(Map.of("CONTRACT_TARGET", "prod"), NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CONTRACT_TARGET")
                    .hasMessageContaining("'prod'")
                    .hasMessageContaining("'mock'")
                    .hasMessageContaining("'staging'");
            assertThatThrownBy(() -> TargetResolver.kind(NONE, Map.of("contract.target", "local")))
                    .hasMessageContaining("contract.target").hasMessageContaining("'local'");
        }

        @Test
        void resolvingTheMockGivesOnlyTheKind() {
            TargetResolver.Resolution resolution = TargetResolver.resolve(NONE, NONE);

            assertThat(resolution.isMock()).isTrue();
            assertThat(resolution.staging()).isEmpty();
            Target mock = Target.mock(URI.create("http://127.0.0.1:1"), URI.create("ws://127.0.0.1:1/ws"), SECRET);
            assertThat(resolution.orElseMock(() -> mock)).isSameAs(mock);
        }

        @Test
        void resolvingTheMockNeedsNoStagingSettings() {
            assertThat(TargetResolver.resolve(Map.of("CONTRACT_TARGET", "mock"), NONE).isMock()).isTrue();
        }
    }

    @Nested
    class Urls {

        @Test
        void stagingWithoutBaseUrlIsAClearError() {
            assertThatThrownBy(() -> TargetResolver.resolve(Map.of("CONTRACT_TARGET", "staging"), NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("STAGING_BASE_URL is not set");
        }

        @Test
        void theWebSocketUrlDefaultsToTheBaseWithWssAndWs() {
            Target target = TargetResolver.stagingTarget(staging("STAGING_TEST_JWT_TOKEN", "t.o.k"));

            assertThat(target.kind()).isEqualTo(Target.Kind.STAGING);
            assertThat(target.httpBase()).isEqualTo(URI.create("https://api.staging.example.com"));
            assertThat(target.webSocketUri()).isEqualTo(URI.create("wss://api.staging.example.com/ws"));
            assertThat(target.authBase()).isEqualTo(target.httpBase());
        }

        @Test
        void plainHttpBecomesWsAndPortAndPathAreKept() {
            Target target = TargetResolver.stagingTarget(Map.of("STAGING_BASE_URL", "http://10.0.0.5:8000/backend/",
                    "STAGING_TEST_JWT_TOKEN", "t.o.k"));

            assertThat(target.webSocketUri()).isEqualTo(URI.create("ws://10.0.0.5:8000/backend/ws"));
        }

        @Test
        void explicitWebSocketAndAuthUrlsAreUsed() {
            Target target = TargetResolver.stagingTarget(staging("STAGING_WS_URL", "wss://ws.staging.example.com/api/v1/websocket",
                    "STAGING_AUTH_URL", "https://auth.staging.example.com", "STAGING_TEST_JWT_TOKEN", "t.o.k"));

            assertThat(target.webSocketUri()).isEqualTo(URI.create("wss://ws.staging.example.com/api/v1/websocket"));
            assertThat(target.authBase()).isEqualTo(URI.create("https://auth.staging.example.com"));
        }

        @Test
        void aBaseUrlThatIsNotHttpIsRejectedByName() {
            assertThatThrownBy(() -> TargetResolver.stagingTarget(Map.of("STAGING_BASE_URL", "ftp://x",
                    "STAGING_TEST_JWT_TOKEN", "t")))
                    .hasMessageContaining("STAGING_BASE_URL").hasMessageContaining("ftp://x");
        }

        @Test
        void aWebSocketUrlThatIsNotWsIsRejectedByName() {
            assertThatThrownBy(() -> TargetResolver.stagingTarget(staging("STAGING_WS_URL", "https://x/ws",
                    "STAGING_TEST_JWT_TOKEN", "t")))
                    .hasMessageContaining("STAGING_WS_URL").hasMessageContaining("ws://");
        }
    }

    @Nested
    class Tokens {

        @Test
        void aFixedTokenWinsOverEverythingElse() {
            Target target = TargetResolver.stagingTarget(staging("STAGING_TEST_JWT_TOKEN", "fixed.token.value",
                    "E2E_OAUTH_SIMULATION_KEY", "key", "JWT_SECRET_KEY", SECRET));

            assertThat(target.tokens().issuesPerUser()).isFalse();
            assertThat(target.tokens().tokenFor("anyone@example.com", Duration.ofSeconds(1)))
                    .isEqualTo("fixed.token.value");
        }

        @Test
        void theBypassKeyWinsOverTheSecret() {
            Target target = TargetResolver.stagingTarget(staging("E2E_OAUTH_SIMULATION_KEY", "key",
                    "JWT_SECRET_KEY", SECRET));

            assertThat(target.tokens().toString()).contains("testAuth")
                    .contains("https://api.staging.example.com/auth/e2e/test-auth");
        }

        @Test
        void theBypassKeyCallsTheAuthUrlWhenOneIsSet() {
            Target target = TargetResolver.stagingTarget(staging("E2E_OAUTH_SIMULATION_KEY", "key",
                    "STAGING_AUTH_URL", "https://auth.example.com/v2"));

            assertThat(target.tokens().toString()).contains("https://auth.example.com/v2/auth/e2e/test-auth");
        }

        @Test
        void theSecretMintsTokensWithStagingsIssuerAndAudience() {
            Target target = TargetResolver.stagingTarget(staging("JWT_SECRET_KEY", SECRET));

            String token = target.tokens().tokenFor("alice@example.com", Duration.ofSeconds(1));

            assertThat(target.tokens().issuesPerUser()).isTrue();
            assertThat(TokenPeek.claims(token).orElseThrow().path("iss").asText()).isEqualTo("netra-auth-service");
            assertThat(TokenPeek.claims(token).orElseThrow().path("aud").asText()).isEqualTo("netra-platform");
            assertThat(TokenPeek.subject(token)).contains("e2e-alice");
        }

        @Test
        void theSecretIsKnownEvenWhenAnotherSourceWins() {
            Target target = TargetResolver.stagingTarget(staging("STAGING_TEST_JWT_TOKEN", "t.o.k",
                    "JWT_SECRET_KEY", SECRET));

            assertThat(target.secret()).contains(SECRET);
        }

        @Test
        void noSecretMeansNoneIsKnown() {
            assertThat(TargetResolver.stagingTarget(staging("STAGING_TEST_JWT_TOKEN", "t.o.k")).secret()).isEmpty();
        }

        @Test
        void noTokenSourceIsAClearErrorNamingAllThree() {
            assertThatThrownBy(() -> TargetResolver.stagingTarget(staging()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("STAGING_TEST_JWT_TOKEN")
                    .hasMessageContaining("E2E_OAUTH_SIMULATION_KEY")
                    .hasMessageContaining("JWT_SECRET_KEY");
        }

        @Test
        void aSecretTooShortToSignWithIsAClearError() {
            assertThatThrownBy(() -> TargetResolver.stagingTarget(staging("JWT_SECRET_KEY", "short")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("JWT_SECRET_KEY")
                    .hasMessageContaining("at least 32 bytes");
        }
    }

    @Nested
    class Trust {

        @Test
        void noTrustStoreMeansTheJdkDefault() {
            assertThat(TargetResolver.stagingTarget(staging("STAGING_TEST_JWT_TOKEN", "t")).sslContext()).isEmpty();
        }

        @Test
        void aTrustStoreWithTheDefaultPasswordIsLoaded() {
            Target target = TargetResolver.stagingTarget(staging("STAGING_TEST_JWT_TOKEN", "t",
                    "STAGING_TRUST_STORE", resource("/tls/trust.p12").toString()));

            assertThat(target.sslContext()).isPresent();
        }

        @Test
        void aTrustStoreWithItsOwnPasswordIsLoaded() {
            Target target = TargetResolver.stagingTarget(staging("STAGING_TEST_JWT_TOKEN", "t",
                    "STAGING_TRUST_STORE", resource("/tls/trust-secret.p12").toString(),
                    "STAGING_TRUST_STORE_PASSWORD", "s3cret"));

            assertThat(target.sslContext()).isPresent();
        }

        @Test
        void aWrongPasswordIsAClearError() {
            assertThatThrownBy(() -> TargetResolver.stagingTarget(staging("STAGING_TEST_JWT_TOKEN", "t",
                    "STAGING_TRUST_STORE", resource("/tls/trust-secret.p12").toString())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("STAGING_TRUST_STORE")
                    .hasMessageContaining("STAGING_TRUST_STORE_PASSWORD");
        }

        @Test
        void aMissingTrustStoreFileIsAClearError() {
            assertThatThrownBy(() -> TargetResolver.stagingTarget(staging("STAGING_TEST_JWT_TOKEN", "t",
                    "STAGING_TRUST_STORE", "/nonexistent/trust.p12")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("STAGING_TRUST_STORE")
                    .hasMessageContaining("/nonexistent/trust.p12");
        }
    }

    @Test
    void aTargetNeverPrintsItsSecret() {
        Target target = Target.mock(URI.create("http://127.0.0.1:1"), URI.create("ws://127.0.0.1:1/ws"), SECRET);

        assertThat(target.toString()).doesNotContain(SECRET).contains("secret=known");
    }

    @Test
    void theMockTargetMintsTokensWithItsSecret() {
        Target target = Target.mock(URI.create("http://127.0.0.1:1"), URI.create("ws://127.0.0.1:1/ws"), SECRET);

        assertThat(target.isMock()).isTrue();
        assertThat(target.secret()).contains(SECRET);
        assertThat(TokenPeek.subject(target.tokens().tokenFor("bob", Duration.ofSeconds(1)))).contains("bob");
        assertThat(target.webSocketUri("/api/v1/websocket")).isEqualTo(URI.create("ws://127.0.0.1:1/api/v1/websocket"));
    }
}
