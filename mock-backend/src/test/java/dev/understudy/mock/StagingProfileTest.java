package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.fixtures.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Staging profiles: the shipped ones, what they set, faults on top, the admin API's list, bad files. */
@Timeout(30)
class StagingProfileTest {

    @Test
    void theFixturesShipDefaultAndTheRemoteStaging() {
        assertThat(StagingProfile.names()).containsExactly("default", "remote-staging-2025-09");
        assertThat(Fixtures.names(Fixtures.PROFILES)).isEqualTo(StagingProfile.names());
        StagingProfile defaults = StagingProfile.resolve("default");
        assertThat(defaults.network()).isNull();
        assertThat(defaults.routes()).isEmpty();
    }

    @Test
    void theRemoteStagingIsSlowPermissiveAndServesTheRestRoutes() throws Exception {
        try (MockStagingServer server = MockStagingServer.builder().profile("remote-staging-2025-09").start()) {
            assertThat(server.config().welcomeForm()).isEqualTo(WelcomeForm.SYSTEM_MESSAGE);
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThat(Http.get(server.httpUri(), "/api/health").status()).isEqualTo(200);
                assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(100);
            }
            assertThat(Http.get(server.httpUri(), "/api/discovery/services").json().get("available").asBoolean()).isTrue();
            try (WsProbe probe = WsProbe.connect(server.webSocketUri(), b -> { })) {
                JsonNode welcome = probe.next();
                assertThat(welcome.get("type").asText()).isEqualTo("system_message");
                assertThat(welcome.toString()).containsPattern("relaxed_[0-9a-f]+");
            }
        }
    }

    @Test
    void aPresetAppliesOnTopOfTheProfileAfterItsLatency() throws Exception {
        try (MockStagingServer server = MockStagingServer.builder().profile("remote-staging-2025-09").start()) {
            server.injectPreset("backend-outage-503");
            long start = System.nanoTime();
            assertThat(Http.get(server.httpUri(), "/api/mcp/servers").status()).isEqualTo(503);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void settingsAfterTheProfileOverrideIt() {
        MockStagingServer.Config config = MockStagingServer.builder().profile("remote-staging-2025-09")
                .authMode(AuthMode.REJECT).networkProfile(null).config();
        assertThat(config.authMode()).isEqualTo(AuthMode.REJECT);
        assertThat(config.network()).isNull();
    }

    @Test
    void theAdminApiListsTheProfiles() throws Exception {
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            JsonNode list = Http.get(server.adminUri(), "/profiles").json().get("profiles");
            assertThat(list).hasSize(2);
            assertThat(list.get(1).get("name").asText()).isEqualTo("remote-staging-2025-09");
            assertThat(list.get(1).get("description").asText()).contains("150 ms");
        }
    }

    @Test
    void aBadProfileNamesTheField() {
        assertThatThrownBy(() -> StagingProfile.parse("{\"auth\":\"sometimes\"}", "p.json")).hasMessageContaining("p.json: auth:");
        assertThatThrownBy(() -> StagingProfile.parse("{\"network\":{\"latency\":\"x\"}}", "p.json"))
                .hasMessageContaining("p.json: network: latency:");
        assertThatThrownBy(() -> StagingProfile.parse("{\"routes\":[\"nope\"]}", "p.json")).hasMessageContaining("p.json: routes:");
        assertThatThrownBy(() -> StagingProfile.parse("{\"colour\":1}", "p.json")).hasMessageContaining("colour: unknown field");
        assertThatThrownBy(() -> StagingProfile.resolve("nope")).hasMessageContaining("remote-staging-2025-09");
        assertThat(StagingProfile.parse("{\"network\":{\"latency\":\"150ms\"}}", "p").network().maxLatency())
                .isEqualTo(Duration.ofMillis(150));
    }
}
