package dev.understudy.client;

import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.understudy.client.Outcomes.expectOutcome;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per fault of docs/faults.md: inject it into the mock, and assert the outcome the client names and that it is
 * reached within the call's timeout (plus {@link Outcomes#SLACK}).
 */
@Timeout(30)
class FaultOutcomesMockTest {

    private static final Duration SHORT = Duration.ofMillis(250);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String SECRET = Fixtures.testSecret();
    private static final String USER = "alice@example.com";

    private MockStagingServer server;
    private Target target;
    private BackendHttpClient health;

    @BeforeEach
    void startMock() {
        server = MockStagingServer.builder().secret(SECRET).start();
        target = Target.mock(server.httpUri(), server.webSocketUri(), SECRET);
        health = target.httpClient();
    }

    @AfterEach
    void stopMock() {
        server.close();
    }

    private AgentSocket connect(Duration timeout) {
        return AgentSocket.connect(target, USER, timeout);
    }

    private AgentSocket welcomed() {
        AgentSocket socket = connect(TIMEOUT);
        socket.awaitWelcome(TIMEOUT);
        return socket;
    }

    private List<StreamRule> judgedRules(AgentRun run, AgentSocket socket, RunRequest request) {
        return StreamJudge.judge(run.frames(), socket.expectationFor(request).build()).stream()
                .map(Violation::rule).toList();
    }

    @Nested
    class TcpConnect {

        @Test
        void refuseIsConnectionRefusedForHttpAndTheSocket() {
            server.inject(Fault.refuse());

            expectOutcome(Outcome.ConnectionRefused.class, SHORT, () -> health.health(SHORT));
            expectOutcome(Outcome.ConnectionRefused.class, SHORT, () -> connect(SHORT));
        }

        @Test
        void blackholeIsAHandshakeTimeoutForHttpAndTheSocket() {
            server.inject(Fault.blackhole());

            expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> health.health(SHORT));
            expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> connect(SHORT));
        }

        @Test
        void resetIsConnectionDroppedForHttpAndTheSocket() {
            server.inject(Fault.reset());

            expectOutcome(Outcome.ConnectionDropped.class, SHORT, () -> health.health(SHORT));
            expectOutcome(Outcome.ConnectionDropped.class, SHORT, () -> connect(SHORT));
        }
    }

    @Nested
    class HttpRequest {

        @Test
        void status503OnHealthIsAReplyAndOnTheUpgradeServiceUnavailable() {
            server.inject(Fault.status(503));

            assertThat(health.health(SHORT).status()).isEqualTo(503);
            Outcome outcome = expectOutcome(Outcome.ServiceUnavailable.class, SHORT, () -> connect(SHORT));
            assertThat(((Outcome.ServiceUnavailable) outcome).status()).isEqualTo(503);
        }

        @Test
        void status500OnTheUpgradeIsHandshakeRejectedWithItsStatus() {
            server.inject(Fault.status(500), Scope.webSocket());

            assertThat(health.health(SHORT).status()).isEqualTo(200);
            Outcome outcome = expectOutcome(Outcome.HandshakeRejected.class, SHORT, () -> connect(SHORT));
            assertThat(((Outcome.HandshakeRejected) outcome).status()).isEqualTo(500);
        }

        @Test
        void status429OnTheUpgradeIsHandshakeRejectedWithItsStatus() {
            server.inject(Fault.status(429), Scope.webSocket());

            Outcome outcome = expectOutcome(Outcome.HandshakeRejected.class, SHORT, () -> connect(SHORT));
            assertThat(((Outcome.HandshakeRejected) outcome).status()).isEqualTo(429);
        }

        @Test
        void status403OnTheUpgradeIsAuthRejected() {
            server.inject(Fault.status(403), Scope.webSocket());

            Outcome outcome = expectOutcome(Outcome.AuthRejected.class, SHORT, () -> connect(SHORT));
            assertThat(((Outcome.AuthRejected) outcome).how()).isEqualTo("http-403");
        }

        @Test
        void status404EverywhereIsA404ReplyAndARejectedUpgrade() {
            server.inject(Fault.status(404));

            assertThat(health.apiHealth(SHORT).status()).isEqualTo(404);
            Outcome outcome = expectOutcome(Outcome.HandshakeRejected.class, SHORT, () -> connect(SHORT));
            assertThat(((Outcome.HandshakeRejected) outcome).status()).isEqualTo(404);
        }

        @Test
        void aDelayLongerThanTheTimeoutIsAHandshakeTimeoutAndShorterIsFine() {
            server.inject(Fault.delay(Duration.ofMillis(500)), Scope.paths("/health"));

            expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> health.health(SHORT));
            long start = System.nanoTime();
            assertThat(health.health(TIMEOUT).status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }

        @Test
        void aDelayedUpgradeIsAHandshakeTimeout() {
            server.inject(Fault.delay(Duration.ofSeconds(2)), Scope.webSocket());

            expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> connect(SHORT));
        }

        @Test
        void hangIsAHandshakeTimeoutForHttpAndTheSocket() {
            server.inject(Fault.hang());

            expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> health.health(SHORT));
            expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> connect(SHORT));
        }

        @Test
        void closeWithoutAnswerIsConnectionDroppedForHttpAndTheSocket() {
            server.inject(Fault.closeConnection());

            expectOutcome(Outcome.ConnectionDropped.class, SHORT, () -> health.health(SHORT));
            expectOutcome(Outcome.ConnectionDropped.class, SHORT, () -> connect(SHORT));
        }

        @Test
        void noHealthConfigLeavesTheConfigBlockOut() {
            server.inject(Fault.noHealthConfig());

            assertThat(health.health(SHORT).json().has("config")).isFalse();
        }
    }

    @Nested
    class AfterTheUpgrade {

        @Test
        void noWelcomeIsAWelcomeTimeout() {
            server.inject(Fault.noWelcome());
            try (AgentSocket socket = connect(TIMEOUT)) {
                expectOutcome(Outcome.WelcomeTimeout.class, SHORT, () -> socket.awaitWelcome(SHORT));
            }
        }

        @Test
        void aDelayedWelcomeIsAWelcomeTimeoutThenArrives() {
            server.inject(Fault.delayWelcome(Duration.ofMillis(500)));
            try (AgentSocket socket = connect(TIMEOUT)) {
                expectOutcome(Outcome.WelcomeTimeout.class, SHORT, () -> socket.awaitWelcome(SHORT));
                assertThat(AgentSocket.isWelcome(socket.next(TIMEOUT))).isTrue();
            }
        }

        @Test
        void closeAfterTheUpgradeIsConnectionClosedWithCodeAndReason() {
            server.inject(Fault.close(1011, "Internal error"));
            try (AgentSocket socket = connect(TIMEOUT)) {
                Outcome.ConnectionClosed outcome = (Outcome.ConnectionClosed) expectOutcome(
                        Outcome.ConnectionClosed.class, SHORT, () -> socket.awaitWelcome(SHORT));

                assertThat(outcome.code()).isEqualTo(1011);
                assertThat(outcome.reason()).isEqualTo("Internal error");
            }
        }

        @Test
        void dropAfterTheUpgradeIsConnectionDropped() {
            server.inject(Fault.drop());
            try (AgentSocket socket = connect(TIMEOUT)) {
                expectOutcome(Outcome.ConnectionDropped.class, SHORT, () -> socket.awaitWelcome(SHORT));
                assertThat(socket.awaitClose(SHORT).dropped()).isTrue();
            }
        }
    }

    @Nested
    class DuringARun {

        @Test
        void stallAfterAnEventIsAnEventTimeoutNamingIt() {
            server.inject(Fault.stallAfter("agent_thinking"));
            try (AgentSocket socket = welcomed()) {
                socket.startRun("q");

                Outcome.EventTimeout outcome = (Outcome.EventTimeout) expectOutcome(Outcome.EventTimeout.class, SHORT,
                        () -> socket.collectRun(SHORT, TIMEOUT));

                assertThat(outcome.lastEvent()).isEqualTo("agent_thinking");
                assertThat(outcome.gap()).isGreaterThanOrEqualTo(SHORT);
            }
        }

        @Test
        void theTotalTimeoutBoundsARunThatKeepsTrickling() {
            server.inject(Fault.delayEvent("tool_completed", Duration.ofMillis(400)));
            try (AgentSocket socket = welcomed()) {
                socket.startRun("q");

                Outcome.EventTimeout outcome = (Outcome.EventTimeout) expectOutcome(Outcome.EventTimeout.class, SHORT,
                        () -> socket.collectRun(TIMEOUT, SHORT));

                assertThat(outcome.lastEvent()).isEqualTo("tool_executing");
            }
        }

        @Test
        void aDelayedEventLongerThanTheGapIsAnEventTimeoutAndShorterIsFine() {
            server.inject(Fault.delayEvent("tool_completed", Duration.ofMillis(400)));
            try (AgentSocket socket = welcomed()) {
                socket.startRun("first");
                expectOutcome(Outcome.EventTimeout.class, SHORT, () -> socket.collectRun(SHORT, TIMEOUT));
            }
            try (AgentSocket socket = welcomed()) {
                RunRequest request = socket.startRun("second");
                AgentRun run = socket.collectRun(TIMEOUT, TIMEOUT);
                assertThat(judgedRules(run, socket, request)).isEmpty();
            }
        }

        @Test
        void anOmittedToolCompletedIsAnUnpairedTool() {
            server.inject(Fault.omit("tool_completed"));
            try (AgentSocket socket = welcomed()) {
                RunRequest request = socket.startRun("q");

                assertThat(judgedRules(socket.collectRun(TIMEOUT, TIMEOUT), socket, request))
                        .containsExactly(StreamRule.TOOL_PAIRING);
            }
        }

        @Test
        void anOmittedAgentStartedIsAMissingStart() {
            server.inject(Fault.omit("agent_started"));
            try (AgentSocket socket = welcomed()) {
                RunRequest request = socket.startRun("q");

                assertThat(judgedRules(socket.collectRun(TIMEOUT, TIMEOUT), socket, request))
                        .containsExactly(StreamRule.START);
            }
        }

        @Test
        void aDuplicatedThinkingEventIsADuplicate() {
            server.inject(Fault.duplicate("agent_thinking"));
            try (AgentSocket socket = welcomed()) {
                RunRequest request = socket.startRun("q");

                assertThat(judgedRules(socket.collectRun(TIMEOUT, TIMEOUT), socket, request))
                        .containsExactly(StreamRule.DUPLICATE);
            }
        }

        @Test
        void aDuplicatedCompletionIsCaughtWhenTheRunSettles() {
            server.inject(Fault.duplicate("agent_completed"));
            try (AgentSocket socket = welcomed()) {
                RunRequest request = socket.startRun("q");

                AgentRun run = socket.collectRun(TIMEOUT, TIMEOUT, Duration.ofMillis(200));

                assertThat(judgedRules(run, socket, request)).containsExactly(StreamRule.SINGLE_END);
            }
        }

        @Test
        void aToolBeforeThinkingIsOutOfOrder() {
            server.inject(Fault.reorder("agent_thinking", "tool_executing"));
            try (AgentSocket socket = welcomed()) {
                RunRequest request = socket.startRun("q");

                assertThat(judgedRules(socket.collectRun(TIMEOUT, TIMEOUT), socket, request))
                        .contains(StreamRule.THINKING);
            }
        }

        @Test
        void aMalformedEventIsFlaggedAndTheRunStillCollected() {
            server.inject(Fault.malformed("tool_completed"));
            try (AgentSocket socket = welcomed()) {
                RunRequest request = socket.startRun("q");

                assertThat(judgedRules(socket.collectRun(TIMEOUT, TIMEOUT), socket, request))
                        .containsExactlyInAnyOrder(StreamRule.MALFORMED, StreamRule.TOOL_PAIRING);
            }
        }

        @Test
        void aFailedRunEndsWithAgentErrorAndItsCode() {
            server.inject(Fault.failRun("LLM_TIMEOUT"));
            try (AgentSocket socket = welcomed()) {
                RunRequest request = socket.startRun("q");

                AgentRun run = socket.collectRun(TIMEOUT, TIMEOUT);

                assertThat(run.completed()).isFalse();
                assertThat(run.terminal().orElseThrow().text("error_code")).isEqualTo("LLM_TIMEOUT");
                assertThat(judgedRules(run, socket, request)).isEmpty();
            }
        }

        @Test
        void closeAfterAnEventIsConnectionClosedMidRun() {
            server.inject(Fault.closeAfter("tool_executing", 1011));
            try (AgentSocket socket = welcomed()) {
                socket.startRun("q");

                Outcome.ConnectionClosed outcome = (Outcome.ConnectionClosed) expectOutcome(
                        Outcome.ConnectionClosed.class, TIMEOUT, () -> socket.collectRun(TIMEOUT, TIMEOUT));

                assertThat(outcome.code()).isEqualTo(1011);
                assertThat(outcome.lastSeen()).contains("tool_executing");
            }
        }

        @Test
        void dropAfterAnEventIsConnectionDroppedMidRun() {
            server.inject(Fault.dropAfter("agent_thinking"));
            try (AgentSocket socket = welcomed()) {
                socket.startRun("q");

                Outcome outcome = expectOutcome(Outcome.ConnectionDropped.class, TIMEOUT,
                        () -> socket.collectRun(TIMEOUT, TIMEOUT));

                assertThat(outcome.lastSeen()).contains("agent_thinking");
            }
        }
    }

    @Nested
    class KeepAlive {

        @Test
        void noPongIsAnEventTimeout() {
            server.inject(Fault.noPong());
            try (AgentSocket socket = welcomed()) {
                socket.send(Map.of("type", "ping"));

                expectOutcome(Outcome.EventTimeout.class, SHORT, () -> socket.awaitType("pong", SHORT));
            }
        }

        @Test
        void aSlowPongComesAfterItsPause() {
            server.inject(Fault.slowPong(Duration.ofMillis(400)));
            try (AgentSocket socket = welcomed()) {
                long start = System.nanoTime();
                socket.send(Map.of("type", "ping"));

                expectOutcome(Outcome.EventTimeout.class, SHORT, () -> socket.awaitType("pong", SHORT));
                assertThat(socket.awaitType("pong", TIMEOUT)).isNotNull();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            }
        }
    }

    @Nested
    class Presets {

        @Test
        void localServiceDownIsConnectionRefused() {
            server.injectPreset("local-service-down");

            expectOutcome(Outcome.ConnectionRefused.class, SHORT, () -> health.health(SHORT));
            expectOutcome(Outcome.ConnectionRefused.class, SHORT, () -> connect(SHORT));
        }

        @Test
        void welcomeTimeoutIsAWelcomeTimeoutInAFractionOfASecond() {
            server.injectPreset("welcome-timeout");
            try (AgentSocket socket = connect(TIMEOUT)) {
                expectOutcome(Outcome.WelcomeTimeout.class, SHORT, () -> socket.awaitWelcome(SHORT));
            }
        }

        @Test
        void backendOutageIs503EverywhereAndServiceUnavailableOnTheSocket() {
            server.injectPreset("backend-outage-503");

            assertThat(health.health(SHORT).status()).isEqualTo(503);
            assertThat(health.apiHealth(SHORT).status()).isEqualTo(503);
            expectOutcome(Outcome.ServiceUnavailable.class, SHORT, () -> connect(SHORT));
        }

        @Test
        void handshake500LeavesHealthFineAndRejectsTheUpgrade() {
            server.injectPreset("handshake-500");

            assertThat(health.health(SHORT).status()).isEqualTo(200);
            Outcome outcome = expectOutcome(Outcome.HandshakeRejected.class, SHORT, () -> connect(SHORT));
            assertThat(((Outcome.HandshakeRejected) outcome).status()).isEqualTo(500);
        }

        @Test
        void deploymentGapIs404OnEveryPath() {
            server.injectPreset("deployment-gap");

            assertThat(health.health(SHORT).status()).isEqualTo(404);
            assertThat(health.wsConfig(SHORT).status()).isEqualTo(404);
            Outcome outcome = expectOutcome(Outcome.HandshakeRejected.class, SHORT, () -> connect(SHORT));
            assertThat(((Outcome.HandshakeRejected) outcome).status()).isEqualTo(404);
        }

        @Test
        void missingConfigIsHealthWithoutConfig() {
            server.injectPreset("missing-config");

            assertThat(health.health(SHORT).json().has("config")).isFalse();
            assertThat(health.apiHealth(SHORT).json().has("config")).isFalse();
        }

        @Test
        void lostCriticalEventIsAnUnpairedToolInAnOtherwiseCompletedRun() {
            server.injectPreset("lost-critical-event");
            try (AgentSocket socket = welcomed()) {
                RunRequest request = socket.startRun("q");

                AgentRun run = socket.collectRun(TIMEOUT, TIMEOUT);

                assertThat(run.completed()).isTrue();
                assertThat(judgedRules(run, socket, request)).containsExactly(StreamRule.TOOL_PAIRING);
            }
        }

        @Test
        void handshakeHangIsAHandshakeTimeoutWithinTheTimeoutWhileHealthAnswers() {
            server.injectPreset("handshake-hang");

            assertThat(health.health(SHORT).status()).isEqualTo(200);
            long start = System.nanoTime();
            expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> connect(SHORT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.plusSeconds(1));
        }

        @Test
        void coldStartTimesOutTheFirstUpgradeOnlyAndThenConnects() {
            server.injectPreset("cold-start");

            expectOutcome(Outcome.HandshakeTimeout.class, SHORT, () -> connect(SHORT));
            try (AgentSocket socket = connect(SHORT)) {
                assertThat(socket.awaitWelcome(SHORT)).isNotNull();
            }
        }
    }
    @Nested
    class Scopes {

        @Test
        void twoUsersOnOneServerOnlyTheFaultedOneSeesTheFault() {
            server.inject(Fault.noWelcome(), Scope.user(TokenSource.userIdFor("bob@example.com")));

            try (AgentSocket alice = connect(TIMEOUT)) {
                assertThat(AgentSocket.isWelcome(alice.awaitWelcome(TIMEOUT))).isTrue();
            }
            try (AgentSocket bob = AgentSocket.connect(target, "bob@example.com", TIMEOUT)) {
                expectOutcome(Outcome.WelcomeTimeout.class, SHORT, () -> bob.awaitWelcome(SHORT));
            }
        }

        @Test
        void aPathScopedFaultLeavesOtherPathsAlone() {
            server.inject(Fault.status(503), Scope.paths("/api/health"));

            assertThat(health.apiHealth(TIMEOUT).status()).isEqualTo(503);
            assertThat(health.health(TIMEOUT).status()).isEqualTo(200);
        }
    }

    @Test
    void aHangAgainstA200msTimeoutIsNamedInUnder300ms() {
        // the promise, measured on the call itself rather than with the shared slack
        server.inject(Fault.hang(), Scope.webSocket());
        Duration timeout = Duration.ofMillis(200);
        long start = System.nanoTime();
        OutcomeException e = org.junit.jupiter.api.Assertions.assertThrows(OutcomeException.class, () -> connect(timeout));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e.outcome()).isInstanceOf(Outcome.HandshakeTimeout.class);
        assertThat(took).isLessThan(Duration.ofMillis(300));
    }
}
