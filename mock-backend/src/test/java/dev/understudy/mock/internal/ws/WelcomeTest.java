package dev.understudy.mock.internal.ws;

import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-server welcome template writes exactly what the generator writes, for ids that need escaping too. */
@Timeout(10)
class WelcomeTest {

    @Test
    void theTemplateMatchesTheGeneratorByteForByte() {
        WebSocketSettings fractional = WebSocketSettings.builder().heartbeatInterval(Duration.ofMillis(200)).build();
        for (WelcomeForm form : WelcomeForm.values()) {
            for (WebSocketSettings settings : new WebSocketSettings[]{WebSocketSettings.defaults(), fractional}) {
                Frames.Welcome template = new Frames.Welcome(form, settings);
                for (String user : new String[]{"alice", "quote\"and\\slash", "tab\tnew\nline\u0001", "ünïcødé-用户", ""}) {
                    String time = "2026-12-01T21:00:00.123456Z";
                    String stamp = "1795266957.184211";
                    assertThat(template.render("conn_abc", user, time, stamp)).as(form + " " + user)
                            .isEqualTo(Frames.Welcome.reference(form, "conn_abc", user, settings, time, stamp));
                }
            }
        }
    }
}
