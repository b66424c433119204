package dev.understudy.mock.internal.auth;

import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.internal.ManualClock;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JwtTest {

    static final String SECRET = Fixtures.testSecret();

    final ManualClock clock = new ManualClock();
    final Jwt jwt = new Jwt(SECRET, null, null, clock);

    String token(Duration validFor) {
        return Jwts.builder().subject("u").issuedAt(Date.from(clock.instant()))
                .expiration(Date.from(clock.instant().plus(validFor)))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    @Test
    void aRememberedTokenIsStillRejectedOnceItExpires() {
        String token = token(Duration.ofSeconds(30));
        assertThat(jwt.verify(token).accepted()).isTrue();
        assertThat(jwt.verify(token).accepted()).isTrue();
        clock.advance(Duration.ofSeconds(34));
        assertThat(jwt.verify(token).accepted()).as("within the 5 s skew").isTrue();
        clock.advance(Duration.ofSeconds(2));
        Jwt.Verdict late = jwt.verify(token);
        assertThat(late.accepted()).isFalse();
        assertThat(late.rejection()).isEqualTo("Token has expired");
    }

    @Test
    void pastItsBoundTheMemoryForgetsTheOldestTokensOnlyAndStaysFull() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < Jwt.REMEMBERED + 100; i++) {
            String t = Jwts.builder().subject("u" + i).expiration(Date.from(clock.instant().plusSeconds(60)))
                    .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
            assertThat(jwt.verify(t).accepted()).isTrue();
            tokens.add(t);
        }
        assertThat(jwt.rememberedCount()).isEqualTo(Jwt.REMEMBERED);
        assertThat(tokens.subList(0, 100)).noneMatch(jwt::remembers);
        assertThat(tokens.subList(100, tokens.size())).allMatch(jwt::remembers);
        // a forgotten token is verified in full again and remembered, and the one then oldest is forgotten
        assertThat(jwt.verify(tokens.get(0)).accepted()).isTrue();
        assertThat(jwt.remembers(tokens.get(0))).isTrue();
        assertThat(jwt.remembers(tokens.get(100))).isFalse();
        assertThat(jwt.rememberedCount()).isEqualTo(Jwt.REMEMBERED);
    }

    @Test
    void anotherTokenOfTheSameUserIsVerifiedInFull() {
        assertThat(jwt.verify(token(Duration.ofMinutes(1))).accepted()).isTrue();
        String forged = token(Duration.ofMinutes(1)).replaceAll(".$", "A").replaceAll("..$", "xA");
        assertThat(jwt.verify(forged).accepted()).isFalse();
    }

    @Test
    void otherAlgorithmsAreNamedInTheRejection() {
        String hs512 = Jwts.builder().subject("u").expiration(Date.from(Instant.now().plusSeconds(60)))
                .signWith(Keys.hmacShaKeyFor((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS512).compact();
        assertThat(jwt.verify(hs512).rejection()).isEqualTo("Unsupported token algorithm 'HS512': only HS256 is accepted");
        String none = Jwts.builder().subject("u").expiration(Date.from(Instant.now().plusSeconds(60))).compact();
        assertThat(jwt.verify(none).rejection()).isEqualTo("Unsupported token algorithm 'none': only HS256 is accepted");
        assertThat(jwt.verify("a.b").rejection()).startsWith("Malformed token");
    }

    @Test
    void mintedTokensVerifyAndCarryTheirClaims() {
        Jwt real = new Jwt(SECRET, null, null);
        Jwt.Verdict v = real.verify(real.mintAccess("alice", "alice@example.com", List.of("read"), Duration.ofMinutes(5)));
        assertThat(v.identity()).isEqualTo(new Jwt.Identity("alice", "alice@example.com", List.of("read")));
        assertThat(real.verify(real.mint("alice", null, List.of(), Duration.ofMinutes(5), "refresh")).rejection())
                .contains("'type' is 'refresh'");
    }
}
