package dev.understudy.mock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Verifies and mints the HS256 tokens of CONTRACT.md §2 with JJWT; one instance per server secret.
 */
public final class Jwt {

    /** The issuer staging's auth service puts in its tokens; the mock's own tokens carry it too. */
    public static final String STAGING_ISSUER = "netra-auth-service";

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final SecretKey key;
    private final String issuer;
    private final String audience;
    /** Built on first use (or by the start-up warm-up thread): JJWT's parser costs ~60 ms of class loading cold. */
    private volatile JwtParser parser;

    /**
     * @param secret   the HS256 secret, used as UTF-8 bytes, at least 32 of them (JJWT refuses weaker HS256 keys)
     * @param issuer   the issuer every token must carry, or null to check none
     * @param audience the audience every token must carry, or null to check none
     */
    public Jwt(String secret, String issuer, String audience) {
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
                    JwtParserBuilder b = Jwts.parser().verifyWith(key).clockSkewSeconds(CLOCK_SKEW.toSeconds());
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

    /** Checks a token: HS256 only, signature, {@code exp}/{@code nbf} with 5 s skew, {@code sub}, type, issuer, audience. */
    public Verdict verify(String token) {
        String alg = headerAlgorithm(token);
        if (alg == null) {
            return Verdict.rejected("Malformed token: expected a JWT of three base64url parts");
        }
        if (!alg.equals("HS256")) {
            return Verdict.rejected("Unsupported token algorithm '" + alg + "': only HS256 is accepted");
        }
        Claims claims;
        try {
            claims = parser().parseSignedClaims(token).getPayload();
        } catch (ExpiredJwtException e) {
            return Verdict.rejected("Token has expired");
        } catch (PrematureJwtException e) {
            return Verdict.rejected("Token is not yet valid");
        } catch (SignatureException e) {
            return Verdict.rejected("Invalid token signature");
        } catch (MissingClaimException e) {
            return Verdict.rejected("Token lacks the required '" + e.getClaimName() + "' claim");
        } catch (IncorrectClaimException e) {
            return Verdict.rejected("Token has the wrong '" + e.getClaimName() + "' claim");
        } catch (UnsupportedJwtException | MalformedJwtException e) {
            return Verdict.rejected("Malformed token: " + e.getMessage());
        } catch (JwtException | IllegalArgumentException e) {
            return Verdict.rejected("Invalid token: " + e.getMessage());
        }
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
        return Verdict.ok(new Identity(sub, email == null ? null : email.toString(), permissions));
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
        return b.signWith(key, Jwts.SIG.HS256).compact();
    }
}
