package dev.understudy.client;

import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class ResiliencePolicyTest {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    MockStagingServer server;
    Target target;

    @BeforeEach
    void start() {
        server = MockStagingServer.builder().start();
        target = Target.mock(server.httpUri(), server.webSocketUri(), server.secret());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String openAndGreet(String user) {
        try (AgentSocket socket = AgentSocket.connect(target, user, TIMEOUT)) {
            return socket.awaitWelcome(TIMEOUT).type();
        }
    }

    @Test
    void refusedTwiceThen503OnceThenFineIsRiddenOutByRetries() {
        // refuse can't be counted (nothing listens), so its window is timed: attempts at 0 and ~250 ms fall in it,
        // the one at ~750 ms meets the 503 (which gets no chance while the port refuses), the one at ~1750 ms is fine
        server.inject(Fault.refuse(), Scope.all(), Schedule.always().lasting(Duration.ofMillis(500)));
        server.inject(Fault.status(503), Scope.webSocket(), Schedule.times(1));
        List<Class<?>> retriedOn = new ArrayList<>();
        ResiliencePolicy policy = ResiliencePolicy.builder().baseDelay(Duration.ofMillis(250)).maxDelay(Duration.ofSeconds(2))
                .onRetry((attempt, outcome) -> retriedOn.add(outcome.getClass())).build();

        assertThat(policy.call("open a socket", () -> openAndGreet("scheduled"))).isEqualTo("system_message");
        assertThat(retriedOn).containsExactly(Outcome.ConnectionRefused.class, Outcome.ConnectionRefused.class,
                Outcome.ServiceUnavailable.class);
        assertThat(policy.circuitOpen()).isFalse();
    }

    @Test
    void aFailureThatIsNotTransientIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        ResiliencePolicy policy = ResiliencePolicy.builder().baseDelay(Duration.ofMillis(10)).build();
        SocketOptions bad = SocketOptions.builder(server.webSocketUri()).token("not-a-jwt").build();
        assertThatThrownBy(() -> policy.call("open a socket", () -> {
            attempts.incrementAndGet();
            return AgentSocket.connect(bad, TIMEOUT);
        })).isInstanceOfSatisfying(OutcomeException.class,
                e -> assertThat(e.outcome()).isInstanceOf(Outcome.AuthRejected.class));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retriesStopAtMaxAttemptsAndTheLastOutcomeIsThrown() {
        server.inject(Fault.refuse());
        AtomicInteger attempts = new AtomicInteger();
        ResiliencePolicy policy = ResiliencePolicy.builder().maxAttempts(3).baseDelay(Duration.ofMillis(10)).build();
        assertThatThrownBy(() -> policy.call("health", () -> {
            attempts.incrementAndGet();
            return target.httpClient().health(TIMEOUT);
        })).isInstanceOfSatisfying(OutcomeException.class,
                e -> assertThat(e.outcome()).isInstanceOf(Outcome.ConnectionRefused.class));
        assertThat(attempts).hasValue(3);
    }

    @Test
    void theCircuitOpensAfterThreeFailedCallsAndOneTrialCallClosesIt() {
        var refuse = server.inject(Fault.refuse());
        AtomicInteger attempts = new AtomicInteger();
        ResiliencePolicy policy = ResiliencePolicy.builder().maxAttempts(1).recovery(Duration.ofMillis(300)).build();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> policy.call("health", () -> {
                attempts.incrementAndGet();
                return target.httpClient().health(TIMEOUT);
            })).isInstanceOf(OutcomeException.class);
        }
        assertThat(policy.circuitOpen()).isTrue();
        assertThatThrownBy(() -> policy.call("health", () -> {
            attempts.incrementAndGet();
            return target.httpClient().health(TIMEOUT);
        })).isInstanceOf(ResiliencePolicy.CircuitOpenException.class).hasMessageContaining("3 failed calls");
        assertThat(attempts).as("an open circuit makes no attempt").hasValue(3);

        refuse.close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .ignoreException(ResiliencePolicy.CircuitOpenException.class)
                .until(() -> policy.call("health", () -> target.httpClient().health(TIMEOUT)).status() == 200);
        assertThat(policy.circuitOpen()).isFalse();
    }

    @Test
    void authRejectionsDoNotOpenTheCircuit() {
        ResiliencePolicy policy = ResiliencePolicy.builder().build();
        SocketOptions bad = SocketOptions.builder(server.webSocketUri()).token("not-a-jwt").build();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> policy.call("open", () -> AgentSocket.connect(bad, TIMEOUT))).isInstanceOf(OutcomeException.class);
        }
        assertThat(policy.circuitOpen()).isFalse();
    }

    @Test
    void defaultsAreTheIssuesNumbersAndBadOnesAreNamed() {
        ResiliencePolicy.Settings s = ResiliencePolicy.builder().build().settings();
        assertThat(s.failureThreshold()).isEqualTo(3);
        assertThat(s.recovery()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.maxAttempts()).isEqualTo(5);
        assertThat(s.baseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.maxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> ResiliencePolicy.builder().maxAttempts(0).build()).hasMessageStartingWith("maxAttempts:");
        assertThatThrownBy(() -> ResiliencePolicy.builder().maxDelay(Duration.ofMillis(1)).build()).hasMessageStartingWith("maxDelay:");
    }

    @Test
    void whichOutcomesAreRetried() {
        Duration t = Duration.ZERO;
        assertThat(ResiliencePolicy.retryable(new Outcome.ConnectionRefused(new Outcome.Trace(t, "")))).isTrue();
        assertThat(ResiliencePolicy.retryable(new Outcome.ServiceUnavailable(503, new Outcome.Trace(t, "")))).isTrue();
        assertThat(ResiliencePolicy.retryable(new Outcome.HandshakeRejected(500, "", new Outcome.Trace(t, "")))).isTrue();
        assertThat(ResiliencePolicy.retryable(new Outcome.HandshakeRejected(429, "", new Outcome.Trace(t, "")))).isTrue();
        assertThat(ResiliencePolicy.retryable(new Outcome.HandshakeRejected(404, "", new Outcome.Trace(t, "")))).isFalse();
        assertThat(ResiliencePolicy.retryable(new Outcome.AuthRejected("403", new Outcome.Trace(t, "")))).isFalse();
        assertThat(ResiliencePolicy.retryable(new Outcome.ProtocolViolation("x", new Outcome.Trace(t, "")))).isFalse();
    }
}
