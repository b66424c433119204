package dev.understudy.mock.internal.journal;

import dev.understudy.mock.journal.ConnectionLog;
import dev.understudy.mock.journal.Journal;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {

    final Recorder journal = new Recorder(Clock.systemUTC(), true);

    @Test
    void keepsAtMostTheNewestConnectionsAndEvictedOnesStopRecording() {
        Recorder.Recording first = journal.open("c0", "/ws", "u", Map.of());
        for (int i = 1; i <= Journal.MAX_CONNECTIONS; i++) {
            journal.open("c" + i, "/ws", "u", Map.of());
        }
        assertThat(journal.connections()).hasSize(Journal.MAX_CONNECTIONS);
        assertThat(journal.connection("c0")).isEmpty();
        first.out("after eviction");
        assertThat(first.snapshot().frames()).isEmpty();
    }

    @Test
    void keepsAtMostSoManyFramesPerConnectionAndCountsTheRest() {
        Recorder.Recording r = journal.open("c", "/ws", "u", Map.of());
        for (int i = 0; i < Journal.MAX_FRAMES_PER_CONNECTION + 7; i++) {
            r.in("{\"type\":\"ping\"}");
        }
        ConnectionLog log = journal.connection("c").orElseThrow();
        assertThat(log.frames()).hasSize(Journal.MAX_FRAMES_PER_CONNECTION);
        assertThat(log.framesDropped()).isEqualTo(7);
    }

    @Test
    void longFramesAreCut() {
        Recorder.Recording r = journal.open("c", "/ws", "u", Map.of());
        r.out("x".repeat(Journal.MAX_FRAME_CHARS * 2));
        assertThat(journal.connection("c").orElseThrow().frames().get(0).text()).hasSize(Journal.MAX_FRAME_CHARS);
    }

    @Test
    void everyPlaceATokenTravelsIsRedacted() {
        Map<String, List<String>> redacted = Recorder.redact(Map.of(
                "Authorization", List.of("Bearer eyJ.secret.sig"),
                "Sec-WebSocket-Protocol", List.of("jwt-auth, jwt.ZXlKLnNlY3JldC5zaWc, bearer.eyJ.secret.sig"),
                "X-E2E-Bypass-Key", List.of("key"),
                "Referer", List.of("http://x/ws?token=eyJ.secret.sig&a=1")));
        assertThat(redacted.toString()).doesNotContain("secret").doesNotContain("ZXlK").doesNotContain("key]")
                .contains("Bearer <redacted>").contains("jwt-auth, jwt.<redacted>, bearer.<redacted>")
                .contains("token=<redacted>&a=1");
    }

    @Test
    void anUpgradesOwnHeadersAreKeptRedactedWithTheirNamesInOrder() {
        HeaderMap headers = new HeaderMap();
        headers.put(new HttpString("Sec-WebSocket-Protocol"), "jwt-auth, jwt.ZXlKLnNlY3JldC5zaWc");
        headers.put(Headers.HOST, "127.0.0.1:8080");
        headers.put(Headers.AUTHORIZATION, "Bearer eyJ.secret.sig");
        headers.add(new HttpString("accept"), "a");
        headers.add(new HttpString("accept"), "b");
        Recorder journal = new Recorder(Clock.systemUTC(), true);
        journal.open("c", "/ws", "u", headers);
        Map<String, List<String>> kept = journal.connections().get(0).headers();
        assertThat(kept.keySet()).containsExactly("accept", "Authorization", "Host", "Sec-WebSocket-Protocol");
        assertThat(kept.get("accept")).containsExactly("a", "b");
        assertThat(kept.get("Authorization")).containsExactly("Bearer <redacted>");
        assertThat(kept.get("Sec-WebSocket-Protocol")).containsExactly("jwt-auth, jwt.<redacted>");
    }

    @Test
    void aDisabledJournalKeepsNothing() {
        Recorder off = new Recorder(Clock.systemUTC(), false);
        off.open("c", "/ws", "u", Map.of()).in("x");
        assertThat(off.connections()).isEmpty();
    }

    @Test
    void requestsAreBoundedOldestForgottenFirstAndEveryChangeBumpsTheCursor() {
        long before = journal.cursor();
        for (int i = 0; i < Journal.MAX_HTTP_REQUESTS + 5; i++) {
            journal.request("GET", "/health", "", null).answered(200);
        }
        assertThat(journal.requests()).hasSize(Journal.MAX_HTTP_REQUESTS);
        assertThat(journal.requests().get(0).id()).isEqualTo("req_6");
        // each request is two changes: opened, answered
        assertThat(journal.cursor() - before).isEqualTo(2L * (Journal.MAX_HTTP_REQUESTS + 5));
        assertThat(journal.requests().get(Journal.MAX_HTTP_REQUESTS - 1).seq()).isEqualTo(journal.cursor());
    }

    @Test
    void aForgottenRequestThatEndsLaterChangesNothing() {
        Recorder.HttpRecording first = journal.request("GET", "/a", "", null);
        for (int i = 0; i < Journal.MAX_HTTP_REQUESTS; i++) {
            journal.request("GET", "/b", "", null);
        }
        long cursor = journal.cursor();
        first.answered(200);
        assertThat(journal.cursor()).isEqualTo(cursor);
        assertThat(journal.requests()).noneMatch(r -> r.path().equals("/a"));
    }

    @Test
    void aQueryTokenIsRedactedOnTheWayIn() {
        journal.request("GET", "/health", "x=1&token=secret.jwt.here", null);
        assertThat(journal.requests().get(0).query()).isEqualTo("x=1&token=<redacted>");
    }
}
