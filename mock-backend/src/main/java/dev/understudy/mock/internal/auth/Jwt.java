package dev.understudy.mock.internal.auth;

import dev.understudy.mock.internal.Json;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SignatureException;
import io.jsonwebtoken.security.WeakKeyException;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.UUID;

/**
 * Verifies and mints the HS256 tokens of docs/contract.md §2 with JJWT; one instance per server secret.
 */
public final class Jwt {

    /** The issuer staging's auth service puts in its tokens; the mock's own tokens carry it too. */
    public static final String STAGING_ISSUER = "netra-auth-service";

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final SecretKey key;
    private final Clock clock;
    private final String issuer;
    private final String audience;
    /** Built on first use: JJWT's parser costs ~60 ms of class loading cold. */
    private volatile JwtParser parser;

    /**
     * @param secret   the HS256 secret, used as UTF-8 bytes, at least 32 of them (JJWT refuses weaker HS256 keys)
     * @param issuer   the issuer every token must carry, or null to check none
     * @param audience the audience every token must carry, or null to check none
     */
    public Jwt(String secret, String issuer, String audience) {
        this(secret, issuer, audience, Clock.systemUTC());
    }

    /** With the clock that decides expiry (a manual one in tests). */
    Jwt(String secret, String issuer, String audience, Clock clock) {
        this.clock = clock;
        this.key = key(secret);
        this.issuer = issuer;
        this.audience = audience;
    }

    /** The parser, built once. */
    public JwtParser parser() {
        JwtParser p = parser;
        if (p == null) {
            synchronized (this) {
                p = parser;
                if (p == null) {
                    JwtParserBuilder b = Jwts.parser().verifyWith(key).clockSkewSeconds(CLOCK_SKEW.toSeconds())
                            .clock(() -> Date.from(clock.instant()));
                    if (issuer != null) {
                        b.requireIssuer(issuer);
                    }
                    if (audience != null) {
                        b.requireAudience(audience);
                    }
                    p = b.build();
                    parser = p;
                }
            }
        }
        return p;
    }

    /** The HMAC key for a secret, or an error that says what a usable secret is. */
    public static SecretKey key(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret: expected an HS256 secret of at least 32 bytes, got none");
        }
        try {
            return Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
        } catch (WeakKeyException e) {
            throw new IllegalArgumentException("secret: expected at least 32 bytes (HS256 needs a 256-bit key), got "
                    + secret.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    /** Who a valid token speaks for. */
    public record Identity(String userId, String email, List<String> permissions) {
        public Identity {
            permissions = permissions == null ? List.of() : List.copyOf(permissions);
        }
    }

    /** The outcome of checking one token: an identity, or the reason it was refused. */
    public record Verdict(Identity identity, String rejection) {
        static Verdict ok(Identity identity) {
            return new Verdict(identity, null);
        }

        static Verdict rejected(String why) {
            return new Verdict(null, why);
        }

        public boolean accepted() {
            return identity != null;
        }
    }

    /**
     * Accepted tokens remembered (tests use a handful); past this many the one remembered first is forgotten, so a
     * long-running server that sees a fresh token per test holds this many, not a saw-tooth up to it.
     */
    static final int REMEMBERED = 4096;

    /** What an accepted token said, kept so that the same token is not parsed again (see {@link #verify}). */
    private record Accepted(Identity identity, long expiresAtMillis, long notBeforeMillis) {
        boolean stillValid(long nowMillis) {
            return nowMillis - CLOCK_SKEW.toMillis() < expiresAtMillis
                    && (notBeforeMillis == 0 || nowMillis + CLOCK_SKEW.toMillis() >= notBeforeMillis);
        }
    }

    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    /** The remembered tokens in the order they came, as a ring: the slot a new one takes names the one to forget. */
    private final AtomicReferenceArray<String> order = new AtomicReferenceArray<>(REMEMBERED);
    private final AtomicLong arrivals = new AtomicLong();

    /**
     * Checks a token: HS256 only, signature, {@code exp}/{@code nbf} with 5 s skew, {@code sub}, type, issuer,
     * audience.
     *
     * <p>A suite opens many sockets with one token, and JJWT's parse is most of a connect's CPU, so a token this
     * server already accepted is answered from memory, its {@code exp} and {@code nbf} checked again against the
     * clock. The token text is the key: any other token, however alike, is parsed and verified in full.
     */
    public Verdict verify(String token) {
        Accepted known = accepted.get(token);
        if (known != null) {
            if (known.stillValid(clock.millis())) {
                return Verdict.ok(known.identity());
            }
            accepted.remove(token);
        }
        return verifyInFull(token);
    }

    private Verdict verifyInFull(String token) {
        Jws<Claims> jws;
        try {
            jws = parser().parseSignedClaims(token);
        } catch (JwtException | IllegalArgumentException e) {
            // only now, on the failure path, read the header ourselves: another algorithm is the reason to give
            String alg = headerAlgorithm(token);
            if (alg == null) {
                return Verdict.rejected("Malformed token: expected a JWT of three base64url parts");
            }
            return alg.equals("HS256") ? Verdict.rejected(reason(e)) : unsupported(alg);
        }
        String alg = jws.getHeader().getAlgorithm();
        if (!"HS256".equals(alg)) {
            return unsupported(alg);
        }
        String notNumeric = notNumericDate(token);
        if (notNumeric != null) {
            return Verdict.rejected(notNumeric);
        }
        Claims claims = jws.getPayload();
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) {
            return Verdict.rejected("Token lacks the required 'sub' claim");
        }
        if (claims.getExpiration() == null) {
            return Verdict.rejected("Token lacks the required 'exp' claim");
        }
        for (String typeClaim : List.of("type", "token_type")) {
            Object type = claims.get(typeClaim);
            if (type != null && !"access".equals(type)) {
                return Verdict.rejected("Token '" + typeClaim + "' is '" + type + "', expected 'access'");
            }
        }
        Object email = claims.get("email");
        Object perms = claims.get("permissions");
        List<String> permissions = perms instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        Identity identity = new Identity(sub, email == null ? null : email.toString(), permissions);
        remember(token, new Accepted(identity, claims.getExpiration().getTime(),
                claims.getNotBefore() == null ? 0 : claims.getNotBefore().getTime()));
        return Verdict.ok(identity);
    }

    private void remember(String token, Accepted what) {
        if (accepted.putIfAbsent(token, what) == null) {
            String forgotten = order.getAndSet((int) (arrivals.getAndIncrement() % REMEMBERED), token);
            if (forgotten != null) {
                accepted.remove(forgotten);
            }
        }
    }

    /** How many accepted tokens are remembered now (for tests). */
    int rememberedCount() {
        return accepted.size();
    }

    /** Whether this token would be answered from memory (for tests). */
    boolean remembers(String token) {
        return accepted.containsKey(token);
    }

    /** The time claims RFC 7519 makes NumericDates (JSON numbers of seconds); JJWT also reads strings into dates. */
    private static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");

    /**
     * Why a token's {@code exp}, {@code nbf} or {@code iat} is not a NumericDate, or null if each is a JSON number or
     * absent. JJWT turns a numeric string or an ISO-8601 string into a date; RFC 8725 says reject what does not parse
     * as specified, so the raw payload is read again (only on a full verification: accepted tokens are remembered).
     */
    private static String notNumericDate(String token) {
        JsonNode payload = part(token, 1);
        if (payload == null) {
            return "Malformed token: expected a JSON object as its payload";
        }
        for (String name : TIME_CLAIMS) {
            JsonNode value = payload.get(name);
            if (value != null && !value.isNumber()) {
                return "Token '" + name + "' claim is not a NumericDate: expected a number of seconds since the epoch, got "
                        + value.getNodeType().toString().toLowerCase();
            }
        }
        return null;
    }

    private static String reason(RuntimeException e) {
        if (e instanceof ExpiredJwtException) {
            return "Token has expired";
        }
        if (e instanceof PrematureJwtException) {
            return "Token is not yet valid";
        }
        if (e instanceof SignatureException) {
            return "Invalid token signature";
        }
        if (e instanceof MissingClaimException m) {
            return "Token lacks the required '" + m.getClaimName() + "' claim";
        }
        if (e instanceof IncorrectClaimException i) {
            return "Token has the wrong '" + i.getClaimName() + "' claim";
        }
        if (e instanceof UnsupportedJwtException || e instanceof MalformedJwtException) {
            return "Malformed token: " + e.getMessage();
        }
        return "Invalid token: " + e.getMessage();
    }

    private static Verdict unsupported(String alg) {
        return Verdict.rejected("Unsupported token algorithm '" + alg + "': only HS256 is accepted");
    }

    /**
     * The {@code sub} of a token read without any check, or null: for fault scopes, which must know the user
     * before (or without) validation. Never used to admit anyone.
     */
    public static String unverifiedSubject(String token) {
        JsonNode payload = part(token, 1);
        return payload != null && payload.path("sub").isTextual() ? payload.get("sub").asText() : null;
    }

    private static String headerAlgorithm(String token) {
        JsonNode header = part(token, 0);
        return header != null && header.path("alg").isTextual() ? header.get("alg").asText() : null;
    }

    private static JsonNode part(String token, int index) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[index]));
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Mints an access token the way staging's auth service does. */
    public String mintAccess(String userId, String email, List<String> permissions, Duration validFor) {
        return mint(userId, email, permissions, validFor, "access");
    }

    /** Mints a token of the given {@code type} claim. */
    public String mint(String userId, String email, List<String> permissions, Duration validFor, String type) {
        return mint(userId, email, permissions, validFor, type, Map.of());
    }

    /** Mints a token with {@code extra} claims set over the standard ones (the admin API's {@code POST /tokens}). */
    public String mint(String userId, String email, List<String> permissions, Duration validFor, String type,
                       Map<String, ?> extra) {
        Instant now = Instant.now();
        var b = Jwts.builder()
                .subject(userId)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(validFor)))
                .id(UUID.randomUUID().toString())
                .issuer(issuer != null ? issuer : STAGING_ISSUER)
                .claim("type", type)
                .claim("permissions", permissions == null ? List.of() : permissions);
        if (email != null) {
            b.claim("email", email);
        }
        if (audience != null) {
            b.audience().add(audience);
        }
        extra.forEach(b::claim);
        return b.signWith(key, Jwts.SIG.HS256).compact();
    }
}
