package dev.understudy.mock;

import dev.understudy.fixtures.Fixtures;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Forges tokens for the auth tests with JJWT, signed with the fixture secret unless told otherwise. */
final class Tokens {

    static final String SECRET = Fixtures.testSecret();

    private Tokens() {
    }

    static JwtBuilder valid(String sub) {
        Instant now = Instant.now();
        return Jwts.builder().subject(sub).issuedAt(Date.from(now)).expiration(Date.from(now.plus(Duration.ofMinutes(10))))
                .claim("type", "access");
    }

    static String sign(JwtBuilder b) {
        return sign(b, SECRET);
    }

    static String sign(JwtBuilder b, String secret) {
        return b.signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    static String signed(String sub, UnaryOperator<JwtBuilder> change) {
        return sign(change.apply(valid(sub)));
    }
}
