package dev.understudy.client;

import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.MockStagingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Agent runs against the mock, collected by the socket and judged by the StreamJudge. */
@Timeout(30)
class AgentRunMockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration GAP = Duration.ofSeconds(2);
    private static final String SECRET = Fixtures.testSecret();

    private static Target mock(MockStagingServer server) {
        return Target.mock(server.httpUri(), server.webSocketUri(), SECRET);
    }

    @ParameterizedTest(name = "scenario {0}")
    @ValueSource(strings = {"default", "two-tools", "streaming", "agent-error"})
    void everyFixtureScenarioStreamsAContractValidRun(String scenario) {
        try (MockStagingServer server = MockStagingServer.builder().secret(SECRET).scenario(scenario).start();
             AgentSocket socket = AgentSocket.connect(mock(server), "alice@example.com", TIMEOUT)) {
            socket.awaitWelcome(TIMEOUT);

            RunRequest request = socket.startRun("What did we spend on GCP last month?");
            AgentRun run = socket.collectRun(GAP, TIMEOUT);

            assertThat(StreamJudge.judge(run.frames(), socket.expectationFor(request).build())).isEmpty();
            assertThat(run.types()).startsWith("agent_started", "agent_thinking");
            assertThat(run.threadId()).isEqualTo(request.threadId());
        }
    }

    @Test
    void theDefaultRunIsTheTriageAgentsOneToolAnswer() {
        try (MockStagingServer server = MockStagingServer.builder().secret(SECRET).start();
             AgentSocket socket = AgentSocket.connect(mock(server), "alice@example.com", TIMEOUT)) {
            socket.awaitWelcome(TIMEOUT);
            RunRequest request = socket.startRun("Why is my bill so high?", "thread_t1", "run_r1");

            AgentRun run = socket.collectRun(GAP, TIMEOUT);

            assertThat(run.types()).containsExactly("agent_started", "agent_thinking", "tool_executing",
                    "tool_completed", "agent_completed");
            assertThat(run.completed()).isTrue();
            assertThat(run.finalResponse()).hasSizeGreaterThan(100);
            assertThat(run.runId()).isEqualTo("run_r1");
            assertThat(run.duration()).isLessThan(Duration.ofSeconds(1));
            assertThat(StreamJudge.judge(run.frames(), socket.expectationFor(request)
                    .requireTypes("tool_executing", "tool_completed").build())).isEmpty();
        }
    }

    @Test
    void anErrorRunEndsWithAgentError() {
        try (MockStagingServer server = MockStagingServer.builder().secret(SECRET).scenario("agent-error").start();
             AgentSocket socket = AgentSocket.connect(mock(server), "alice@example.com", TIMEOUT)) {
            socket.awaitWelcome(TIMEOUT);
            socket.startRun("Analyze my billing export");

            AgentRun run = socket.collectRun(GAP, TIMEOUT);

            assertThat(run.completed()).isFalse();
            assertThat(run.terminal().orElseThrow().text("error_code")).isEqualTo("TOOL_EXECUTION_FAILED");
        }
    }

    @Test
    void pingsDuringARunAreKeptForLaterAndIgnoredByTheJudge() {
        try (MockStagingServer server = MockStagingServer.builder().secret(SECRET).scenario("streaming").start();
             AgentSocket socket = AgentSocket.connect(mock(server), "alice@example.com", TIMEOUT)) {
            socket.awaitWelcome(TIMEOUT);
            RunRequest request = socket.startRun("Optimize my compute");
            socket.send(java.util.Map.of("type", "ping"));

            AgentRun run = socket.collectRun(GAP, TIMEOUT, Duration.ofMillis(100));

            assertThat(StreamJudge.judge(run.frames(), socket.expectationFor(request).build())).isEmpty();
            assertThat(socket.awaitType("pong", TIMEOUT).text("user_id")).isEqualTo("e2e-alice");
        }
    }

    @Test
    void twoUsersRunningAtOnceEachSeeOnlyTheirOwnRun() throws Exception {
        try (MockStagingServer server = MockStagingServer.builder().secret(SECRET).scenario("two-tools").start()) {
            Target target = mock(server);
            try (AgentSocket alice = AgentSocket.connect(target, "alice@example.com", TIMEOUT);
                 AgentSocket bob = AgentSocket.connect(target, "bob@example.com", TIMEOUT)) {
                alice.awaitWelcome(TIMEOUT);
                bob.awaitWelcome(TIMEOUT);

                RunRequest aliceRequest = alice.startRun("alice asks");
                RunRequest bobRequest = bob.startRun("bob asks");
                CompletableFuture<AgentRun> aliceRun = CompletableFuture.supplyAsync(() -> alice.collectRun(GAP, TIMEOUT));
                AgentRun bobRun = bob.collectRun(GAP, TIMEOUT);

                assertThat(StreamJudge.judge(aliceRun.get().frames(), alice.expectationFor(aliceRequest).build())).isEmpty();
                assertThat(StreamJudge.judge(bobRun.frames(), bob.expectationFor(bobRequest).build())).isEmpty();
                assertThat(StreamJudge.judge(alice.received(),
                        alice.expectationFor(aliceRequest).build())).isEmpty();
            }
        }
    }

    @Test
    void theJudgeCatchesAnotherUsersFramesInAMixedStream() {
        try (MockStagingServer server = MockStagingServer.builder().secret(SECRET).start()) {
            Target target = mock(server);
            try (AgentSocket alice = AgentSocket.connect(target, "alice@example.com", TIMEOUT);
                 AgentSocket bob = AgentSocket.connect(target, "bob@example.com", TIMEOUT)) {
                alice.awaitWelcome(TIMEOUT);
                bob.awaitWelcome(TIMEOUT);
                RunRequest aliceRequest = alice.startRun("alice asks");
                bob.startRun("bob asks");
                AgentRun aliceRun = alice.collectRun(GAP, TIMEOUT);
                AgentRun bobRun = bob.collectRun(GAP, TIMEOUT);

                List<Frame> mixed = new java.util.ArrayList<>(aliceRun.frames());
                mixed.add(2, bobRun.frames().get(1));

                assertThat(StreamJudge.judge(mixed, alice.expectationFor(aliceRequest).build()))
                        .extracting(Violation::rule).contains(StreamRule.FOREIGN_IDS);
            }
        }
    }

    @Test
    void runsOneAfterAnotherOnOneSocketAreCollectedSeparately() {
        try (MockStagingServer server = MockStagingServer.builder().secret(SECRET).start();
             AgentSocket socket = AgentSocket.connect(mock(server), "alice@example.com", TIMEOUT)) {
            socket.awaitWelcome(TIMEOUT);

            RunRequest first = socket.startRun("first");
            AgentRun firstRun = socket.collectRun(GAP, TIMEOUT);
            RunRequest second = socket.startRun("second");
            AgentRun secondRun = socket.collectRun(GAP, TIMEOUT);

            assertThat(StreamJudge.judge(firstRun.frames(), socket.expectationFor(first).build())).isEmpty();
            assertThat(StreamJudge.judge(secondRun.frames(), socket.expectationFor(second).build())).isEmpty();
            assertThat(firstRun.threadId()).isNotEqualTo(secondRun.threadId());
        }
    }
}
