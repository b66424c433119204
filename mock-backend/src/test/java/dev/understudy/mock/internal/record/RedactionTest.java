package dev.understudy.mock.internal.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each credential form a recording could catch, cut out; everything else kept as it was. */
@Timeout(10)
class RedactionTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu";
    private static final String ENCODED = Base64.getUrlEncoder().withoutPadding().encodeToString(JWT.getBytes(StandardCharsets.UTF_8));

    @Test
    void credentialHeadersKeepOnlyTheirScheme() {
        assertThat(Redaction.header("Authorization", List.of("Bearer " + JWT))).containsExactly("Bearer <redacted>");
        assertThat(Redaction.header("x-e2e-bypass-key", List.of("k-123"))).containsExactly("<redacted>");
        assertThat(Redaction.header("Cookie", List.of("session=abc"))).containsExactly("<redacted>");
        assertThat(Redaction.header("Accept", List.of("application/json"))).containsExactly("application/json");
    }

    @Test
    void tokenSubprotocolEntriesAreCutEveryOtherEntryKept() {
        assertThat(Redaction.header("Sec-WebSocket-Protocol", List.of("jwt-auth, jwt." + ENCODED + ", bearer." + JWT + ", jwt-auth." + JWT)))
                .containsExactly("jwt-auth, jwt.<redacted>, bearer.<redacted>, jwt-auth.<redacted>");
        assertThat(Redaction.subprotocol("jwt-auth")).isEqualTo("jwt-auth");
    }

    @Test
    void queryParametersNamedForSecretsKeepTheirName() {
        assertThat(Redaction.query("token=" + JWT + "&x=1&api_key=k")).isEqualTo("token=<redacted>&x=1&api_key=<redacted>");
        assertThat(Redaction.query("probe=1")).isEqualTo("probe=1");
    }

    @Test
    void bodiesLoseTokenMembersAndJwtShapedTextAnywhere() {
        String body = "{\"access_token\":\"opaque-access\",\"refresh_token\":\"opaque-refresh\",\"token_type\":\"bearer\","
                + "\"expires_in\":3600,\"note\":\"sent " + JWT + " earlier\",\"user\":{\"id\":\"u1\"}}";
        String kept = Redaction.payload(body);
        assertThat(kept).doesNotContain("opaque-access").doesNotContain("opaque-refresh").doesNotContain(JWT)
                .contains("\"expires_in\":3600").contains("\"id\":\"u1\"").contains("sent <redacted> earlier");
        assertThat(Redaction.payload("not json but " + ENCODED)).isEqualTo("not json but <redacted>");
        assertThat(Redaction.payload("{\"type\":\"agent_started\",\"tokens_used\":12}")).isEqualTo("{\"type\":\"agent_started\",\"tokens_used\":12}");
    }
}
