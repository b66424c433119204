package dev.understudy.mock;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP faults that meet on one request compose: delays add up, then the first terminal answer is given. */
@Timeout(30)
class HttpFaultCompositionTest {

    MockStagingServer server;

    @BeforeEach
    void start() {
        server = MockStagingServer.builder().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDelayAndAStatusGiveTheStatusAfterTheDelay() throws Exception {
        server.inject(Fault.delay(Duration.ofMillis(300)), Scope.paths("/health"));
        server.inject(Fault.status(503), Scope.paths("/health"));
        long start = System.nanoTime();
        Http.Reply reply = Http.get(server.httpUri(), "/health");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("detail").asText()).isEqualTo("Service Unavailable");
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    }

    @Test
    void twoDelaysAddUpBeforeTheNormalAnswer() throws Exception {
        server.inject(Fault.delay(Duration.ofMillis(200)), Scope.paths("/health"));
        server.inject(Fault.delay(Duration.ofMillis(200)), Scope.paths("/health"));
        long start = System.nanoTime();
        Http.Reply reply = Http.get(server.httpUri(), "/health");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(reply.status()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void theFirstTerminalAnswerWins() throws Exception {
        server.inject(Fault.status(502), Scope.paths("/health"));
        server.inject(Fault.status(503), Scope.paths("/health"));
        assertThat(Http.get(server.httpUri(), "/health").status()).isEqualTo(502);
    }

    @Test
    void noConfigStillAppliesUnderADelay() throws Exception {
        server.inject(Fault.noHealthConfig(), Scope.paths("/health"));
        server.inject(Fault.delay(Duration.ofMillis(100)), Scope.paths("/health"));
        Http.Reply reply = Http.get(server.httpUri(), "/health");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("config")).isFalse();
        assertThat(reply.json().get("status").asText()).isEqualTo("healthy");
    }
}
