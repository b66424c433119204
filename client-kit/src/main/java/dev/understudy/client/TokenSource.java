package dev.understudy.client;

import dev.understudy.client.internal.token.MintedTokenSource;
import dev.understudy.client.internal.token.FixedTokenSource;
import dev.understudy.client.internal.token.TestAuthTokenSource;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the kit gets a JWT for a user: a fixed token, staging's test-auth endpoint, or minting with the secret.
 *
 * <p>{@code user} is an email-like hint ({@code alice@example.com}). Sources that issue per-user tokens turn it into a
 * user id the same way staging's test-auth endpoint does ({@code e2e-<local part>}); a hint without {@code @} is used
 * as the id itself. A source that can only give one token ignores the hint, and says so with
 * {@link #issuesPerUser()} (tests of isolation between users skip themselves then).
 */
public interface TokenSource {

    /** The hint used when a test does not care which user it is. */
    String DEFAULT_USER = "e2e-test@understudy.test";

    /**
     * A token for {@code user}.
     *
     * @throws OutcomeException when the token cannot be had within {@code timeout} (test-auth unreachable, key
     *                          refused, ...)
     */
    String tokenFor(String user, Duration timeout);

    /** Whether different users get tokens with different subjects. */
    boolean issuesPerUser();

    /** A token for {@link #DEFAULT_USER}. */
    default String token(Duration timeout) {
        return tokenFor(DEFAULT_USER, timeout);
    }

    /** Always the same token (e.g. {@code STAGING_TEST_JWT_TOKEN}); the user hint is ignored. */
    static TokenSource fixed(String token) {
        return new FixedTokenSource(token);
    }

    /**
     * Tokens from staging's {@code POST /auth/e2e/test-auth} (header {@code X-E2E-Bypass-Key}, body
     * {@code {"email","name","permissions":[]}}), answer {@code access_token}.
     *
     * @param authBase   the auth service's base URL; the path {@code /auth/e2e/test-auth} is appended to its path
     * @param bypassKey  the value of {@code X-E2E-Bypass-Key}
     * @param sslContext the trust to use for https, empty for the JDK default
     */
    static TokenSource testAuth(URI authBase, String bypassKey, Optional<SSLContext> sslContext) {
        return new TestAuthTokenSource(authBase, bypassKey, sslContext);
    }

    /** Tokens minted locally with the HS256 {@code secret}, as staging's auth service mints them. */
    static TokenSource minted(String secret) {
        return new MintedTokenSource(secret, TestTokens.STAGING_ISSUER, null);
    }

    /**
     * Tokens minted locally with the HS256 {@code secret}, with the given issuer and audience (either may be null to
     * leave the claim out).
     */
    static TokenSource minted(String secret, String issuer, String audience) {
        return new MintedTokenSource(secret, issuer, audience);
    }

    /**
     * The user id (JWT {@code sub}) per-user sources give the hint: {@code e2e-<local part>} for an email, the hint
     * itself otherwise.
     */
    static String userIdFor(String user) {
        int at = user.indexOf('@');
        return at < 0 ? user : "e2e-" + user.substring(0, at);
    }
}
