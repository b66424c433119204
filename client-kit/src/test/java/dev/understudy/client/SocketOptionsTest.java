package dev.understudy.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class SocketOptionsTest {

    private static final URI WS = URI.create("ws://127.0.0.1:8002/ws");
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig-nature_";

    @Test
    void theDefaultPlacementOffersJwtAuthAndTheEncodedTokenAndSendsTheHeader() {
        SocketOptions options = SocketOptions.builder(WS).token(TOKEN).build();

        assertThat(options.placement()).isEqualTo(TokenPlacement.SUBPROTOCOL_AND_HEADER);
        assertThat(options.offeredSubprotocols()).containsExactly("jwt-auth", SocketOptions.jwtSubprotocol(TOKEN));
        assertThat(options.requestHeaders()).containsEntry("Authorization", "Bearer " + TOKEN);
        assertThat(options.requestUri()).isEqualTo(WS);
    }

    @Test
    void theJwtSubprotocolIsUnpaddedBase64UrlOfTheToken() {
        String offered = SocketOptions.jwtSubprotocol("abc");

        assertThat(offered).isEqualTo("jwt.YWJj");
        String encoded = SocketOptions.jwtSubprotocol(TOKEN).substring(4);
        assertThat(encoded).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        assertThat(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo(TOKEN);
    }

    @Test
    void subprotocolOnlySendsNoHeader() {
        SocketOptions options = SocketOptions.builder(WS).token(TOKEN).placement(TokenPlacement.SUBPROTOCOL_ONLY).build();

        assertThat(options.offeredSubprotocols()).hasSize(2);
        assertThat(options.requestHeaders()).isEmpty();
    }

    @Test
    void headerOnlyOffersNoSubprotocol() {
        SocketOptions options = SocketOptions.builder(WS).token(TOKEN).placement(TokenPlacement.HEADER_ONLY).build();

        assertThat(options.offeredSubprotocols()).isEmpty();
        assertThat(options.requestHeaders()).containsOnlyKeys("Authorization");
    }

    @Test
    void queryOnlyPutsTheTokenInTheUrlOnly() {
        SocketOptions options = SocketOptions.builder(URI.create("ws://h:1/ws?v=2")).token(TOKEN)
                .placement(TokenPlacement.QUERY_ONLY).build();

        assertThat(options.offeredSubprotocols()).isEmpty();
        assertThat(options.requestHeaders()).isEmpty();
        assertThat(options.requestUri().toString()).isEqualTo("ws://h:1/ws?v=2&token=" + TOKEN);
    }

    @Test
    void explicitSubprotocolsReplaceThePlacementsAndExtrasFollow() {
        SocketOptions options = SocketOptions.builder(WS).token(TOKEN).placement(TokenPlacement.NONE)
                .subprotocols(SocketOptions.bearerSubprotocol(TOKEN)).extraSubprotocol("chat").build();

        assertThat(options.offeredSubprotocols()).containsExactly("bearer." + TOKEN, "chat");
        assertThat(options.requestHeaders()).isEmpty();
    }

    @Test
    void noneNeedsNoToken() {
        SocketOptions options = SocketOptions.builder(WS).placement(TokenPlacement.NONE).header("X-Trace", "1").build();

        assertThat(options.offeredSubprotocols()).isEmpty();
        assertThat(options.requestHeaders()).containsOnlyKeys("X-Trace");
    }

    @Test
    void aPlacementWithoutATokenIsRejected() {
        assertThatThrownBy(() -> SocketOptions.builder(WS).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a token");
    }

    @Test
    void anHttpUrlIsRejected() {
        assertThatThrownBy(() -> SocketOptions.builder(URI.create("http://h/ws")).token(TOKEN).build())
                .hasMessageContaining("ws:// or wss://");
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertThat(SocketOptions.builder(WS).token(TOKEN).build().toString()).doesNotContain(TOKEN);
    }
}
