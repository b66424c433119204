package dev.understudy.contract;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.Outcome;
import dev.understudy.client.SocketOptions;
import dev.understudy.client.Target;
import dev.understudy.client.TestTokens;
import dev.understudy.client.TokenPlacement;
import dev.understudy.client.TokenSource;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.junit5.MockOnly;
import dev.understudy.junit5.MockStagingTest;
import dev.understudy.junit5.MockTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The contract (docs/contract.md) §2: where the token comes from, what is rejected and how, and the subprotocol answer. */
@MockStagingTest(bypassKey = Sockets.MOCK_BYPASS_KEY)
@ExtendWith(ReachabilityGate.class)
@Order(2)
@DisplayName("Authentication (contract §2)")
class AuthContractTest {

    static final String USER = "auth-contract@understudy.test";

    static String token(Target target) {
        return target.tokens().tokenFor(USER, Waits.CONNECT);
    }

    static SocketOptions.Builder options(Target target, String token, TokenPlacement placement) {
        return SocketOptions.builder(target.webSocketUri()).token(token).placement(placement)
                .sslContext(target.sslContext().orElse(null));
    }

    static String secret(Target target) {
        assumeTrue(target.secret().isPresent(), "forging a token needs the secret (JWT_SECRET_KEY)");
        return target.secret().get();
    }

    static void assertRejected(Target target, String badToken) {
        Outcome outcome = Sockets.refusal(options(target, badToken, TokenPlacement.HEADER_ONLY).build());
        assertThat(outcome).isInstanceOf(Outcome.AuthRejected.class);
    }

    @Test
    void tokenInTheJwtSubprotocolIsAcceptedAndJwtAuthAnswered(Target target) {
        try (AgentSocket socket = AgentSocket.connect(options(target, token(target), TokenPlacement.SUBPROTOCOL_ONLY).build(), Waits.CONNECT)) {
            assertThat(socket.awaitWelcome(Waits.FRAME).node().path("data").path("user_id").asText())
                    .isEqualTo(TokenSource.userIdFor(USER));
            assertThat(socket.negotiatedSubprotocol()).contains("jwt-auth");
        }
    }

    @Test
    void tokenInTheAuthorizationHeaderIsAccepted(Target target) {
        try (AgentSocket socket = AgentSocket.connect(options(target, token(target), TokenPlacement.HEADER_ONLY).build(), Waits.CONNECT)) {
            assertThat(AgentSocket.isWelcome(socket.awaitWelcome(Waits.FRAME))).isTrue();
            assertThat(socket.negotiatedSubprotocol()).isEmpty();
        }
    }

    @Test
    void tokenInTheQueryIsAccepted(Target target) {
        try (AgentSocket socket = AgentSocket.connect(options(target, token(target), TokenPlacement.QUERY_ONLY).build(), Waits.CONNECT)) {
            assertThat(AgentSocket.isWelcome(socket.awaitWelcome(Waits.FRAME))).isTrue();
        }
    }

    @Test
    void aTokenBearingEntryIsAnsweredAsSentWhenJwtAuthIsNotOffered(Target target) {
        String entry = SocketOptions.bearerSubprotocol(token(target));
        try (AgentSocket socket = AgentSocket.connect(options(target, null, TokenPlacement.NONE)
                .subprotocols("chat", entry).build(), Waits.CONNECT)) {
            socket.awaitWelcome(Waits.FRAME);
            assertThat(socket.negotiatedSubprotocol()).contains(entry);
        }
    }

    @Test
    void noTokenIsRejected(Target target) {
        Outcome outcome = Sockets.refusal(options(target, null, TokenPlacement.NONE).build());
        assertThat(outcome).isInstanceOf(Outcome.AuthRejected.class);
    }

    @Test
    void wrongSignatureIsRejected(Target target) {
        assertRejected(target, TestTokens.builder("a-secret-nobody-deployed-anywhere-0123456789").subject("intruder").build());
    }

    @Test
    void unsignedAlgNoneTokenIsRejected(Target target) {
        assertRejected(target, TestTokens.builder("a-secret-nobody-deployed-anywhere-0123456789").subject("intruder")
                .algorithm("none").build());
    }

    @Test
    void expiredTokenIsRejected(Target target) {
        assertRejected(target, TestTokens.builder(secret(target)).subject("late").expiresAt(Instant.now().minusSeconds(60)).build());
    }

    @Test
    void notYetValidTokenIsRejected(Target target) {
        assertRejected(target, TestTokens.builder(secret(target)).subject("early").notBefore(Instant.now().plusSeconds(120)).build());
    }

    @Test
    void tokenWithoutSubIsRejected(Target target) {
        assertRejected(target, TestTokens.builder(secret(target)).omitSubject().build());
    }

    @Test
    void refreshTokenIsRejected(Target target) {
        assertRejected(target, TestTokens.builder(secret(target)).subject("refresher").type("refresh").build());
    }

    @Test
    void hs512TokenIsRejected(Target target) {
        String secret = secret(target);
        assumeTrue(secret.length() >= 64, "HS512 needs a 512-bit key");
        assertRejected(target, TestTokens.builder(secret).subject("hs512").algorithm("HS512").build());
    }

    @Test
    void validForgedTokenIsAccepted(Target target) {
        String good = TestTokens.builder(secret(target)).subject("forged-but-valid").expiresIn(Duration.ofMinutes(5)).build();
        try (AgentSocket socket = AgentSocket.connect(options(target, good, TokenPlacement.HEADER_ONLY).build(), Waits.CONNECT)) {
            assertThat(socket.awaitWelcome(Waits.FRAME).node().path("data").path("user_id").asText()).isEqualTo("forged-but-valid");
        }
    }

    @Test
    @MockOnly("configures the server's issuer and audience")
    void wrongIssuerOrAudienceIsRejectedWhenConfigured() {
        try (MockStagingServer strict = MockStagingServer.builder().issuer("netra-auth-service").audience("netra-platform").start()) {
            Target target = MockTarget.of(strict);
            assertRejected(target, TestTokens.builder(strict.secret()).subject("u").issuer("someone-else").audience("netra-platform").build());
            assertRejected(target, TestTokens.builder(strict.secret()).subject("u").issuer("netra-auth-service").build());
            String good = TestTokens.builder(strict.secret()).subject("u").issuer("netra-auth-service").audience("netra-platform").build();
            try (AgentSocket socket = AgentSocket.connect(options(target, good, TokenPlacement.HEADER_ONLY).build(), Waits.CONNECT)) {
                assertThat(AgentSocket.isWelcome(socket.awaitWelcome(Waits.FRAME))).isTrue();
            }
        }
    }

    @Test
    @MockOnly("switches the server to the close-1008 rejection of later staging")
    void closeModeRejectsWithAuthFailedAnd1008() {
        try (MockStagingServer closing = MockStagingServer.builder().authMode(dev.understudy.mock.AuthMode.CLOSE_1008).start()) {
            Target target = MockTarget.of(closing);
            Outcome outcome = Sockets.refusal(options(target, "not-a-jwt", TokenPlacement.HEADER_ONLY).build());
            assertThat(outcome).isInstanceOf(Outcome.AuthRejected.class);
            assertThat(((Outcome.AuthRejected) outcome).how()).contains("1008");
        }
    }
}
