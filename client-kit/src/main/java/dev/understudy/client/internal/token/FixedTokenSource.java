package dev.understudy.client.internal.token;

import dev.understudy.client.TokenSource;

import java.time.Duration;
import java.util.Objects;

/** A token source that always answers the same token; its toString never shows the token. */
public final class FixedTokenSource implements TokenSource {

    private final String token;

    public FixedTokenSource(String token) {
        this.token = Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("A fixed token must not be blank");
        }
    }

    @Override
    public String tokenFor(String user, Duration timeout) {
        return token;
    }

    @Override
    public boolean issuesPerUser() {
        return false;
    }

    @Override
    public String toString() {
        return "TokenSource.fixed(" + token.length() + " chars)";
    }
}
