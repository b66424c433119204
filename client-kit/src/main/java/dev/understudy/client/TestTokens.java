package dev.understudy.client;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds JWTs the way the staging auth service does, and forges broken ones on purpose for negative tests.
 *
 * <p>By default a token looks like one the server mints: HS256 over the UTF-8 bytes of the secret, with {@code sub},
 * {@code exp} (one hour), {@code iat}, {@code jti}, {@code email}, {@code permissions}, {@code type: access} and
 * {@code iss: netra-auth-service}. Each builder method changes one thing:
 *
 * <pre>{@code
 * String expired = TestTokens.builder(secret).subject("alice").expiresAt(Instant.now().minusSeconds(60)).build();
 * String unsigned = TestTokens.builder(secret).algorithm("none").build();
 * String refresh = TestTokens.builder(secret).type("refresh").build();
 * }</pre>
 *
 * <p>JJWT refuses HMAC keys shorter than the algorithm's hash (RFC 7518 §3.2): HS256 needs a secret of at least 32
 * bytes, HS384 48, HS512 64. A shorter secret is an {@link IllegalArgumentException} saying so.
 */
public final class TestTokens {

    /** The issuer staging's auth service writes into its tokens. */
    public static final String STAGING_ISSUER = "netra-auth-service";
    /** The audience staging checks when it checks one. */
    public static final String STAGING_AUDIENCE = "netra-platform";
    /** The subject of a token when the test does not name one. */
    public static final String DEFAULT_SUBJECT = "understudy-test-user";

    private TestTokens() {
    }

    /** A builder for a token signed with {@code secret} (its UTF-8 bytes are the HMAC key). */
    public static Builder builder(String secret) {
        return new Builder(Objects.requireNonNull(secret, "secret"), Clock.systemUTC());
    }

    /** As {@link #builder(String)}, with a clock, so tests can pin {@code iat}/{@code exp}. */
    public static Builder builder(String secret, Clock clock) {
        return new Builder(Objects.requireNonNull(secret, "secret"), Objects.requireNonNull(clock, "clock"));
    }

    /** A valid one-hour access token for {@code subject}, as the server would mint it. */
    public static String mint(String secret, String subject) {
        return builder(secret).subject(subject).build();
    }

    /** Collects the claims and the algorithm of one token; not thread-safe, use one per token. */
    public static final class Builder {

        private final String secret;
        private final Clock clock;
        private String subject = DEFAULT_SUBJECT;
        private String email;
        private List<String> permissions = List.of();
        private String issuer = STAGING_ISSUER;
        private String audience;
        private Instant issuedAt;
        private Duration expiresIn = Duration.ofHours(1);
        private Instant expiresAt;
        private boolean omitExpiration;
        private Instant notBefore;
        private String type = "access";
        private String tokenType;
        private String jwtId;
        private String algorithm = "HS256";
        private final Map<String, Object> extraClaims = new LinkedHashMap<>();

        private Builder(String secret, Clock clock) {
            this.secret = secret;
            this.clock = clock;
        }

        /** The {@code sub} claim (the user id the server sees). */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject; use omitSubject() for a token without one");
            return this;
        }

        /** Leaves {@code sub} out: the server must reject such a token. */
        public Builder omitSubject() {
            this.subject = null;
            return this;
        }

        /** The {@code email} claim; null leaves it out. Default: derived from the subject. */
        public Builder email(String email) {
            this.email = email;
            return this;
        }

        /** The {@code permissions} claim. */
        public Builder permissions(List<String> permissions) {
            this.permissions = List.copyOf(permissions);
            return this;
        }

        /** The {@code iss} claim; null leaves it out. Default {@value TestTokens#STAGING_ISSUER}. */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** The {@code aud} claim, written as a single string; null (the default) leaves it out. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** The {@code iat} claim. Default: now. */
        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
            return this;
        }

        /** {@code exp} = {@code iat} + this. Negative makes an expired token. Default one hour. */
        public Builder expiresIn(Duration expiresIn) {
            this.expiresIn = Objects.requireNonNull(expiresIn, "expiresIn");
            this.expiresAt = null;
            this.omitExpiration = false;
            return this;
        }

        /** {@code exp} at this instant. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
            this.omitExpiration = false;
            return this;
        }

        /** Leaves {@code exp} out: the server must reject such a token. */
        public Builder omitExpiration() {
            this.omitExpiration = true;
            return this;
        }

        /** The {@code nbf} claim; a future instant makes a not-yet-valid token. */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        /** The {@code type} claim ({@code access}, {@code refresh}, ...); null leaves it out. Default {@code access}. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** The {@code token_type} claim, which some servers read instead of {@code type}; null (default) omits it. */
        public Builder tokenType(String tokenType) {
            this.tokenType = tokenType;
            return this;
        }

        /** The {@code jti} claim. Default: a random UUID. */
        public Builder jwtId(String jwtId) {
            this.jwtId = Objects.requireNonNull(jwtId, "jwtId");
            return this;
        }

        /** Any other claim. */
        public Builder claim(String name, Object value) {
            extraClaims.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * The signing algorithm: {@code HS256} (default), {@code HS384}, {@code HS512}, or {@code none} for a real
         * unsecured JWT (header {@code {"alg":"none"}}, empty signature) that a server must reject.
         */
        public Builder algorithm(String algorithm) {
            String upper = Objects.requireNonNull(algorithm, "algorithm").toUpperCase(Locale.ROOT);
            if (!List.of("HS256", "HS384", "HS512", "NONE").contains(upper)) {
                throw new IllegalArgumentException("Unsupported algorithm '" + algorithm
                        + "': use HS256, HS384, HS512 or none");
            }
            this.algorithm = upper.equals("NONE") ? "none" : upper;
            return this;
        }

        /** The compact token. */
        // aud as one string, not an array: the form staging's own tokens carry. JJWT deprecates single() only to
        // steer new code to the array form, which a staging comparing aud as a string would reject.
        @SuppressWarnings("deprecation")
        public String build() {
            Instant now = issuedAt != null ? issuedAt : clock.instant();
            JwtBuilder jwt = Jwts.builder();
            if (subject != null) {
                jwt.subject(subject);
            }
            String effectiveEmail = email != null ? email : defaultEmail();
            if (effectiveEmail != null) {
                jwt.claim("email", effectiveEmail);
            }
            jwt.claim("permissions", new ArrayList<>(permissions));
            if (issuer != null) {
                jwt.issuer(issuer);
            }
            if (audience != null) {
                jwt.audience().single(audience);
            }
            jwt.issuedAt(Date.from(now));
            if (!omitExpiration) {
                jwt.expiration(Date.from(expiresAt != null ? expiresAt : now.plus(expiresIn)));
            }
            if (notBefore != null) {
                jwt.notBefore(Date.from(notBefore));
            }
            if (type != null) {
                jwt.claim("type", type);
            }
            if (tokenType != null) {
                jwt.claim("token_type", tokenType);
            }
            jwt.id(jwtId != null ? jwtId : UUID.randomUUID().toString());
            extraClaims.forEach(jwt::claim);
            if (!algorithm.equals("none")) {
                MacAlgorithm mac = macAlgorithm(algorithm);
                jwt.signWith(key(secret, algorithm), mac);
            }
            return jwt.compact();
        }

        private String defaultEmail() {
            if (subject == null) {
                return null;
            }
            return subject.contains("@") ? subject : subject + "@understudy.test";
        }
    }

    /** The HMAC key for {@code algorithm} from the secret's UTF-8 bytes, or a clear error if it is too short. */
    static SecretKey key(String secret, String algorithm) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        int bits = Integer.parseInt(algorithm.substring(2));
        if (bytes.length * 8 < bits) {
            throw new IllegalArgumentException(algorithm + " needs a secret of at least " + bits / 8 + " bytes ("
                    + bits + " bits); this one has " + bytes.length + " (JJWT refuses shorter HMAC keys, RFC 7518 §3.2)."
                    + " Use a longer secret, e.g. Fixtures.testSecret().");
        }
        return new SecretKeySpec(bytes, "HmacSHA" + bits);
    }

    private static MacAlgorithm macAlgorithm(String algorithm) {
        switch (algorithm) {
            case "HS256":
                return Jwts.SIG.HS256;
            case "HS384":
                return Jwts.SIG.HS384;
            case "HS512":
                return Jwts.SIG.HS512;
            default:
                throw new IllegalStateException("not an HMAC algorithm: " + algorithm);
        }
    }
}
