package dev.understudy.client.internal.token;

import dev.understudy.client.TestTokens;
import dev.understudy.client.TokenSource;

import java.time.Duration;
import java.util.Objects;

/** A token source that mints one-hour HS256 access tokens with a known secret; its toString hides the secret. */
public final class MintedTokenSource implements TokenSource {

    private final String secret;
    private final String issuer;
    private final String audience;

    public MintedTokenSource(String secret, String issuer, String audience) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.issuer = issuer;
        this.audience = audience;
        // fail at construction, not at the first connect, when the secret is unusable
        TestTokens.builder(secret).build();
    }

    @Override
    public String tokenFor(String user, Duration timeout) {
        Objects.requireNonNull(user, "user");
        return TestTokens.builder(secret)
                .subject(TokenSource.userIdFor(user))
                .email(user.contains("@") ? user : user + "@understudy.test")
                .issuer(issuer)
                .audience(audience)
                .build();
    }

    @Override
    public boolean issuesPerUser() {
        return true;
    }

    @Override
    public String toString() {
        return "TokenSource.minted(secret of " + secret.length() + " chars, iss=" + issuer + ", aud=" + audience + ")";
    }
}
