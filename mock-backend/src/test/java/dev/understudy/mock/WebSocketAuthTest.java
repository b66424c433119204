package dev.understudy.mock;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(30)
class WebSocketAuthTest {

    static MockStagingServer server;

    @BeforeAll
    static void start() {
        server = MockStagingServer.builder().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The status the upgrade was refused with. */
    static int rejectedStatus(URI uri, Consumer<WebSocket.Builder> customize) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        customize.accept(builder);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> builder.buildAsync(uri, new WebSocket.Listener() { }).get(5, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        HttpResponse<?> response = ((WebSocketHandshakeException) e.getCause()).getResponse();
        return response.statusCode();
    }

    /** The status a valid upgrade for {@code user} on {@code server} was refused with. */
    static int rejectedStatusOn(MockStagingServer server, String user) {
        String token = server.mintToken(user);
        return rejectedStatus(server.webSocketUri(), b -> b.header("Authorization", "Bearer " + token));
    }

    static int rejectedWithToken(String token) {
        return rejectedStatus(server.webSocketUri(), b -> b.header("Authorization", "Bearer " + token));
    }

    @Test
    void tokenInJwtSubprotocolAsBase64UrlIsAcceptedAndJwtAuthAnswered() throws Exception {
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("sub-b64"))) {
            assertThat(probe.subprotocol()).isEqualTo("jwt-auth");
            assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("sub-b64");
        }
    }

    @Test
    void rawTokenAfterJwtDotIsAcceptedAndTheEntryAnsweredAsSent() throws Exception {
        String entry = "jwt." + server.mintToken("sub-raw");
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), b -> b.subprotocols(entry))) {
            assertThat(probe.subprotocol()).isEqualTo(entry);
            assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("sub-raw");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwt-auth.", "bearer."})
    void otherTokenBearingEntriesAreAccepted(String prefix) throws Exception {
        String entry = prefix + server.mintToken("sub-" + prefix);
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), b -> b.subprotocols("chat", entry))) {
            assertThat(probe.subprotocol()).isEqualTo(entry);
            assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("sub-" + prefix);
        }
    }

    @Test
    void tokenInAuthorizationHeaderIsAcceptedAndNoSubprotocolAnswered() throws Exception {
        String token = server.mintToken("sub-header");
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), b -> b.header("Authorization", "Bearer " + token))) {
            assertThat(probe.subprotocol()).isEmpty();
            assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("sub-header");
        }
    }

    @Test
    void tokenInQueryIsAccepted() throws Exception {
        URI uri = URI.create(server.webSocketUri() + "?token=" + server.mintToken("sub-query"));
        try (WsProbe probe = WsProbe.connect(uri, b -> { })) {
            assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("sub-query");
        }
    }

    @Test
    void subprotocolWinsOverHeaderAndQuery() throws Exception {
        URI uri = URI.create(server.webSocketUri() + "?token=" + server.mintToken("by-query"));
        String header = server.mintToken("by-header");
        String sub = server.mintToken("by-subprotocol");
        try (WsProbe probe = WsProbe.connect(uri, b -> b.header("Authorization", "Bearer " + header)
                .subprotocols("jwt." + WsProbe.base64Url(sub)))) {
            assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("by-subprotocol");
        }
    }

    @Test
    void jwtAuthOfferedWithoutTokenIsStillAnsweredWhenTheTokenComesByHeader() throws Exception {
        String token = server.mintToken("sub-mixed");
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(),
                b -> b.subprotocols("jwt-auth").header("Authorization", "Bearer " + token))) {
            assertThat(probe.subprotocol()).isEqualTo("jwt-auth");
        }
    }

    @Test
    void secondPathBehavesTheSame() throws Exception {
        try (WsProbe probe = WsProbe.connect(server.webSocketUri("/api/v1/websocket"), server.mintToken("sub-v1"))) {
            assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("sub-v1");
        }
    }

    @Test
    void missingTokenIs403() {
        assertThat(rejectedStatus(server.webSocketUri(), b -> { })).isEqualTo(403);
    }

    @Test
    void wrongSignatureIs403() {
        String other = "another-secret-that-is-long-enough-for-hs256!!";
        assertThat(rejectedWithToken(Tokens.sign(Tokens.valid("u"), other))).isEqualTo(403);
    }

    @Test
    void expiredTokenIs403() {
        assertThat(rejectedWithToken(Tokens.signed("u", b -> b.expiration(Date.from(Instant.now().minusSeconds(60))))))
                .isEqualTo(403);
    }

    @Test
    void expiredWithinClockSkewIsAccepted() throws Exception {
        String token = Tokens.signed("skewed", b -> b.expiration(Date.from(Instant.now().minusSeconds(2))));
        try (WsProbe probe = WsProbe.connect(server.webSocketUri(), token)) {
            assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("skewed");
        }
    }

    @Test
    void notYetValidTokenIs403() {
        assertThat(rejectedWithToken(Tokens.signed("u", b -> b.notBefore(Date.from(Instant.now().plusSeconds(120))))))
                .isEqualTo(403);
    }

    @Test
    void unsignedAlgNoneTokenIs403() {
        String none = Jwts.builder().subject("u").expiration(Date.from(Instant.now().plusSeconds(600))).compact();
        assertThat(none).endsWith(".");
        assertThat(rejectedWithToken(none)).isEqualTo(403);
    }

    @Test
    void hs512SignedWithTheRightSecretIs403() {
        String hs512 = Tokens.valid("u").signWith(Keys.hmacShaKeyFor(
                (Tokens.SECRET + Tokens.SECRET).getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS512).compact();
        assertThat(rejectedWithToken(hs512)).isEqualTo(403);
    }

    @Test
    void tokenWithoutSubIs403() {
        String noSub = Tokens.sign(Jwts.builder().expiration(Date.from(Instant.now().plusSeconds(600))));
        assertThat(rejectedWithToken(noSub)).isEqualTo(403);
    }

    @Test
    void tokenWithoutExpIs403() {
        assertThat(rejectedWithToken(Tokens.sign(Jwts.builder().subject("u")))).isEqualTo(403);
    }

    @Test
    void refreshTypeTokenIs403() {
        assertThat(rejectedWithToken(Tokens.signed("u", b -> b.claim("type", "refresh")))).isEqualTo(403);
        assertThat(rejectedWithToken(Tokens.signed("u", b -> b.claim("token_type", "refresh")))).isEqualTo(403);
    }

    @Test
    void garbageTokenIs403() {
        assertThat(rejectedWithToken("not-a-jwt")).isEqualTo(403);
    }

    @Test
    void rejectionBodyNamesTheReason() throws Exception {
        String expired = Tokens.signed("u", b -> b.expiration(Date.from(Instant.now().minusSeconds(60))));
        // the JDK's WebSocket client drops the body of a refused upgrade: read the raw answer instead
        try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            String req = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Authorization: Bearer " + expired + "\r\n\r\n";
            socket.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            StringBuilder response = new StringBuilder();
            var in = socket.getInputStream();
            // the answer is short and the connection stays open: read up to the end of the JSON body
            while (response.indexOf("}") < 0 && response.length() < 4096) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                response.append((char) c);
            }
            assertThat(response.toString()).startsWith("HTTP/1.1 403").contains("{\"detail\":\"Token has expired\"}");
        }
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() throws Exception {
        try (MockStagingServer strict = MockStagingServer.builder().issuer("netra-auth-service").audience("netra-platform").start()) {
            URI uri = strict.webSocketUri();
            String noIssuer = Tokens.signed("u", b -> b.audience().add("netra-platform").and());
            String wrongIssuer = Tokens.signed("u", b -> b.issuer("someone-else").audience().add("netra-platform").and());
            String noAudience = Tokens.signed("u", b -> b.issuer("netra-auth-service"));
            for (String bad : new String[]{noIssuer, wrongIssuer, noAudience}) {
                assertThat(rejectedStatus(uri, b -> b.header("Authorization", "Bearer " + bad))).isEqualTo(403);
            }
            String good = Tokens.signed("strict-user", b -> b.issuer("netra-auth-service").audience().add("netra-platform").and());
            try (WsProbe probe = WsProbe.connect(uri, good)) {
                assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("strict-user");
            }
            try (WsProbe probe = WsProbe.connect(uri, strict.mintToken("minted"))) {
                assertThat(probe.next().get("data").get("user_id").asText()).isEqualTo("minted");
            }
        }
    }

    @Test
    void closeModeSendsAuthFailedThenCloses1008() throws Exception {
        try (MockStagingServer closing = MockStagingServer.builder().authMode(AuthMode.CLOSE_1008).start();
             WsProbe probe = WsProbe.connect(closing.webSocketUri(), "not-a-jwt")) {
            var error = probe.next();
            assertThat(error.get("type").asText()).isEqualTo("error_message");
            assertThat(error.get("error_code").asText()).isEqualTo("AUTH_FAILED");
            WsProbe.Ending ending = probe.awaitEnding();
            assertThat(ending.code()).isEqualTo(1008);
            assertThat(ending.reason()).isEqualTo("Authentication failed");
        }
    }

    @Test
    void permissiveModeAdmitsNoTokenAsRelaxedUserButStillRejectsBadTokens() throws Exception {
        try (MockStagingServer relaxed = MockStagingServer.builder().authMode(AuthMode.PERMISSIVE).start()) {
            try (WsProbe probe = WsProbe.connect(relaxed.webSocketUri(), b -> { })) {
                assertThat(probe.next().get("data").get("user_id").asText()).matches("relaxed_[0-9a-f]+");
            }
            assertThat(rejectedStatus(relaxed.webSocketUri(), b -> b.header("Authorization", "Bearer nope"))).isEqualTo(403);
        }
    }
}
