package dev.understudy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.client.internal.token.TokenPeek;
import dev.understudy.fixtures.Fixtures;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Timeout(10)
class TestTokensTest {

    private static final String SECRET = Fixtures.testSecret();

    private static Claims verify(String token) {
        return Jwts.parser()
                .verifyWith(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .build().parseSignedClaims(token).getPayload();
    }

    private static JsonNode header(String token) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
    }

    @Test
    void aDefaultTokenCarriesTheClaimsTheServerMints() throws Exception {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        String token = TestTokens.builder(SECRET, Clock.fixed(now, ZoneOffset.UTC))
                .subject("alice").expiresAt(Instant.now().plusSeconds(3600)).issuedAt(Instant.now()).build();

        Claims claims = verify(token);

        assertThat(header(token).path("alg").asText()).isEqualTo("HS256");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getIssuer()).isEqualTo("netra-auth-service");
        assertThat(claims.get("type", String.class)).isEqualTo("access");
        assertThat(claims.get("email", String.class)).isEqualTo("alice@understudy.test");
        assertThat(claims.get("permissions")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
        assertThat(claims.getId()).isNotBlank();
        assertThat(claims.getIssuedAt()).isNotNull();
        assertThat(claims.getAudience()).isNullOrEmpty();
    }

    @Test
    void aDefaultTokenIsValidForAnHour() {
        Claims claims = verify(TestTokens.mint(SECRET, "alice"));

        long lifetime = claims.getExpiration().getTime() - claims.getIssuedAt().getTime();
        assertThat(lifetime).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(claims.getIssuedAt().toInstant()).isCloseTo(Instant.now(), within(Duration.ofSeconds(5)));
    }

    @Test
    void everyTokenHasItsOwnId() {
        assertThat(verify(TestTokens.mint(SECRET, "a")).getId()).isNotEqualTo(verify(TestTokens.mint(SECRET, "a")).getId());
    }

    @Test
    void aNegativeLifetimeMakesAnExpiredToken() {
        String token = TestTokens.builder(SECRET).expiresIn(Duration.ofMinutes(-5)).build();

        assertThatThrownBy(() -> verify(token)).isInstanceOf(ExpiredJwtException.class);
    }

    @Test
    void aFutureNotBeforeMakesATokenNotYetValid() {
        String token = TestTokens.builder(SECRET).notBefore(Instant.now().plusSeconds(600)).build();

        assertThatThrownBy(() -> verify(token)).isInstanceOf(PrematureJwtException.class);
    }

    @Test
    void claimsCanBeChangedOrLeftOut() {
        String token = TestTokens.builder(SECRET).omitSubject().type("refresh").tokenType("refresh").issuer(null)
                .audience("netra-platform").email("x@y.z").permissions(List.of("read")).claim("tier", "gold")
                .omitExpiration().build();

        Claims claims = verify(token);

        assertThat(claims.getSubject()).isNull();
        assertThat(claims.getExpiration()).isNull();
        assertThat(claims.getIssuer()).isNull();
        assertThat(claims.get("type", String.class)).isEqualTo("refresh");
        assertThat(claims.get("token_type", String.class)).isEqualTo("refresh");
        assertThat(claims.getAudience()).containsExactly("netra-platform");
        assertThat(claims.get("email", String.class)).isEqualTo("x@y.z");
        assertThat(claims.get("permissions")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly("read");
        assertThat(claims.get("tier", String.class)).isEqualTo("gold");
    }

    @Test
    void theAudienceIsWrittenAsASingleStringLikePyJwtDoes() {
        String token = TestTokens.builder(SECRET).audience("netra-platform").build();

        assertThat(TokenPeek.claims(token).orElseThrow().path("aud").isTextual()).isTrue();
    }

    @Test
    void hs512SignsWithALongEnoughSecret() throws Exception {
        String token = TestTokens.builder(SECRET).algorithm("HS512").build();

        assertThat(header(token).path("alg").asText()).isEqualTo("HS512");
        assertThat(Jwts.parser().verifyWith(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA512"))
                .build().parseSignedClaims(token).getPayload().getSubject()).isEqualTo(TestTokens.DEFAULT_SUBJECT);
    }

    @Test
    void algNoneMakesARealUnsecuredJwt() throws Exception {
        String token = TestTokens.builder(SECRET).subject("mallory").algorithm("none").build();

        assertThat(token).endsWith(".");
        assertThat(token.split("\\.", -1)).hasSize(3);
        assertThat(header(token).path("alg").asText()).isEqualTo("none");
        assertThat(TokenPeek.subject(token)).contains("mallory");
        assertThat(Jwts.parser().unsecured().build().parseUnsecuredClaims(token).getPayload().getSubject())
                .isEqualTo("mallory");
    }

    @Test
    void aSecretTooShortForHs256IsAClearError() {
        assertThatThrownBy(() -> TestTokens.builder("too-short-secret").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HS256 needs a secret of at least 32 bytes")
                .hasMessageContaining("this one has 16");
    }

    @Test
    void aSecretLongEnoughForHs256ButNotHs512IsAClearError() {
        String secret = "x".repeat(32);
        assertThat(TestTokens.builder(secret).build()).isNotBlank();
        assertThatThrownBy(() -> TestTokens.builder(secret).algorithm("HS512").build())
                .hasMessageContaining("HS512 needs a secret of at least 64 bytes");
    }

    @Test
    void anUnknownAlgorithmIsRejected() {
        assertThatThrownBy(() -> TestTokens.builder(SECRET).algorithm("RS256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RS256");
    }

    @Test
    void aMintedSourceTurnsAnEmailIntoTheTestAuthUserId() {
        TokenSource minted = TokenSource.minted(SECRET);

        Claims alice = verify(minted.tokenFor("alice@example.com", Duration.ofSeconds(1)));
        Claims bob = verify(minted.tokenFor("bob", Duration.ofSeconds(1)));

        assertThat(alice.getSubject()).isEqualTo("e2e-alice");
        assertThat(alice.get("email", String.class)).isEqualTo("alice@example.com");
        assertThat(bob.getSubject()).isEqualTo("bob");
        assertThat(minted.issuesPerUser()).isTrue();
    }

    @Test
    void aMintedSourceCanCarryIssuerAndAudience() {
        Claims claims = verify(TokenSource.minted(SECRET, "other-issuer", "aud-1").tokenFor("u", Duration.ofSeconds(1)));

        assertThat(claims.getIssuer()).isEqualTo("other-issuer");
        assertThat(claims.getAudience()).containsExactly("aud-1");
    }

    @Test
    void aMintedSourceRefusesAShortSecretAtOnce() {
        assertThatThrownBy(() -> TokenSource.minted("short")).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void aFixedSourceIgnoresTheUserAndHidesTheToken() {
        TokenSource fixed = TokenSource.fixed("the.fixed.token");

        assertThat(fixed.tokenFor("a@b.c", Duration.ZERO)).isEqualTo("the.fixed.token");
        assertThat(fixed.token(Duration.ZERO)).isEqualTo("the.fixed.token");
        assertThat(fixed.issuesPerUser()).isFalse();
        assertThat(fixed.toString()).doesNotContain("the.fixed.token");
    }

    @Test
    void mintedSourcesNeverPrintTheSecret() {
        assertThat(TokenSource.minted(SECRET).toString()).doesNotContain(SECRET);
    }
}
