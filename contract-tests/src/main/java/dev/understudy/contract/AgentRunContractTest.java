package dev.understudy.contract;

import dev.understudy.client.AgentRun;
import dev.understudy.client.AgentSocket;
import dev.understudy.client.CloseInfo;
import dev.understudy.client.Frame;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.RunExpectation;
import dev.understudy.client.RunRequest;
import dev.understudy.client.StreamJudge;
import dev.understudy.client.Target;
import dev.understudy.client.TokenSource;
import dev.understudy.client.Violation;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.junit5.MockOnly;
import dev.understudy.junit5.MockStagingTest;
import dev.understudy.junit5.MockTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The contract (docs/contract.md) §4: agent runs, judged by the stream judge, alone and many at once, and the socket cap of §2. */
@MockStagingTest(bypassKey = Sockets.MOCK_BYPASS_KEY)
@ExtendWith(ReachabilityGate.class)
@Order(4)
@DisplayName("Agent runs (contract §4)")
class AgentRunContractTest {

    static final String QUESTION = "Why did my cloud bill go up last month?";

    /** Runs one request on an open socket and returns it with the judge's verdict (empty = clean). */
    record Judged(AgentRun run, List<Violation> violations) {
    }

    static Judged run(AgentSocket socket) {
        RunRequest request = socket.startRun(QUESTION);
        AgentRun run = socket.collectRun(Waits.RUN_GAP, Waits.RUN_TOTAL);
        RunExpectation expectation = socket.expectationFor(request).build();
        return new Judged(run, StreamJudge.judge(run.frames(), expectation));
    }

    @Test
    void aFullRunIsJudgedClean(Target target) {
        try (AgentSocket socket = Sockets.open(target, "run-contract@understudy.test")) {
            Judged judged = run(socket);
            Expect.clean(judged.violations());
            assertThat(judged.run().types()).startsWith("agent_started").contains("agent_thinking", "tool_executing", "tool_completed");
            assertThat(judged.run().completed()).isTrue();
            assertThat(judged.run().finalResponse()).hasSizeGreaterThan(100);
        }
    }

    @Test
    @MockOnly("picks the streaming scenario")
    void theStreamingRunSendsPartialResultsAndIsJudgedClean() {
        try (MockStagingServer server = MockStagingServer.builder().scenario("streaming").start();
             AgentSocket socket = Sockets.open(MockTarget.of(server), "stream@understudy.test")) {
            Judged judged = run(socket);
            Expect.clean(judged.violations());
            List<Frame> partials = judged.run().events().stream().filter(f -> f.type().equals("partial_result")).toList();
            assertThat(partials).hasSizeGreaterThanOrEqualTo(2);
            assertThat(partials.get(partials.size() - 1).node().get("is_final").asBoolean()).isTrue();
        }
    }

    @Test
    @MockOnly("picks the agent-error scenario")
    void aFailingRunEndsWithAgentErrorAndIsJudgedClean() {
        try (MockStagingServer server = MockStagingServer.builder().scenario("agent-error").start();
             AgentSocket socket = Sockets.open(MockTarget.of(server), "err@understudy.test")) {
            Judged judged = run(socket);
            Expect.clean(judged.violations());
            assertThat(judged.run().terminal().orElseThrow().type()).isEqualTo("agent_error");
        }
    }

    @Test
    void sevenSocketsOfOneUserAtOnceAreEachAnswered(Target target) throws Exception {
        List<AgentSocket> sockets = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            for (int i = 0; i < 7; i++) {
                sockets.add(Sockets.open(target, "seven@understudy.test"));
            }
            List<Future<Judged>> runs = new ArrayList<>();
            for (AgentSocket socket : sockets) {
                runs.add(pool.submit(() -> run(socket)));
            }
            for (Future<Judged> f : runs) {
                Judged judged = f.get(Waits.RUN_TOTAL.toSeconds(), TimeUnit.SECONDS);
                Expect.clean(judged.violations());
            }
        } finally {
            pool.shutdownNow();
            sockets.forEach(AgentSocket::close);
        }
    }

    @Test
    void sixUsersAtOnceNeverSeeEachOthersFrames(Target target) throws Exception {
        assumeTrue(target.tokens().issuesPerUser(), "six users need a token source that issues per-user tokens");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<AgentSocket>> done = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String user = "isolation-" + i + "@understudy.test";
                Callable<AgentSocket> task = () -> {
                    AgentSocket socket = Sockets.open(target, user);
                    Judged judged = run(socket);
                    Expect.clean(judged.violations());
                    return socket;
                };
                done.add(pool.submit(task));
            }
            for (int i = 0; i < 6; i++) {
                try (AgentSocket socket = done.get(i).get(Waits.RUN_TOTAL.toSeconds(), TimeUnit.SECONDS)) {
                    String me = TokenSource.userIdFor("isolation-" + i + "@understudy.test");
                    for (Frame f : socket.received()) {
                        String userId = f.isJson() ? f.node().path("user_id").asText(f.node().path("data").path("user_id").asText("")) : "";
                        if (!userId.isEmpty()) {
                            assertThat(userId).as("user_id on a frame of " + me).isEqualTo(me);
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSocketBeyondTheCapIsClosedWith1008(Target target) {
        int cap = 10;
        List<AgentSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < cap; i++) {
                sockets.add(Sockets.open(target, "capped@understudy.test"));
            }
            try (AgentSocket extra = AgentSocket.connect(target, "capped@understudy.test", Waits.CONNECT)) {
                CloseInfo close;
                try {
                    extra.awaitWelcome(Waits.FRAME);
                    close = null;
                } catch (OutcomeException e) {
                    close = extra.awaitClose(Waits.FRAME);
                }
                assertThat(close).as("the socket beyond the cap got a welcome").isNotNull();
                assertThat(close.code()).isEqualTo(1008);
                assertThat(close.reason()).isEqualTo("Too many concurrent connections");
            }
        } finally {
            sockets.forEach(AgentSocket::close);
        }
    }
}
