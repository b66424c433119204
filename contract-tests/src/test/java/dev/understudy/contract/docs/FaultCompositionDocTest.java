package dev.understudy.contract.docs;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import dev.understudy.mock.fault.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The composition rule docs/faults.md states ("When several faults meet one request"): on an HTTP request every
 * fault in scope is asked and those that strike compose (waits add up, then the first-added terminal answers);
 * in a run every striking fault applies, the earliest end winning. Read from the rules' own counts and from the
 * answers. Change this and the page together.
 */
@Timeout(30)
class FaultCompositionDocTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    MockStagingServer server;

    @BeforeEach
    void start() {
        server = MockStagingServer.builder().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> health() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/health")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDelayAddedFirstAndAStatusBothStrikeAndTheStatusAnswersAfterTheDelay() throws Exception {
        FaultHandle delay = server.inject(Fault.delay(Duration.ofMillis(150)), Scope.paths("/health"));
        FaultHandle status = server.inject(Fault.status(503), Scope.paths("/health"));

        long start = System.nanoTime();
        assertThat(health().statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(delay.rule().hits()).isEqualTo(1);
        assertThat(status.rule().hits()).as("asked after the delay struck, and struck too").isEqualTo(1);
    }

    @Test
    void aStatusAddedFirstStillLetsTheDelayAfterItStrike() throws Exception {
        FaultHandle status = server.inject(Fault.status(503), Scope.paths("/health"));
        FaultHandle delay = server.inject(Fault.delay(Duration.ofMillis(150)), Scope.paths("/health"));

        long start = System.nanoTime();
        assertThat(health().statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(status.rule().hits()).isEqualTo(1);
        assertThat(delay.rule().hits()).isEqualTo(1);
    }

    @Test
    void ofTwoStatusesTheEarlierAddedAnswersAndTheLaterOneCountsAHit() throws Exception {
        FaultHandle first = server.inject(Fault.status(502), Scope.paths("/health"));
        FaultHandle second = server.inject(Fault.status(503), Scope.paths("/health"));

        assertThat(health().statusCode()).isEqualTo(502);
        assertThat(first.rule().hits()).isEqualTo(1);
        assertThat(second.rule().hits()).isEqualTo(1);
    }

    @Test
    void noConfigUnderAStatusHasNothingToActOn() throws Exception {
        server.inject(Fault.noHealthConfig(), Scope.paths("/health"));
        server.inject(Fault.status(503), Scope.paths("/health"));

        HttpResponse<String> reply = health();
        assertThat(reply.statusCode()).isEqualTo(503);
        assertThat(reply.body()).contains("Service Unavailable").doesNotContain("healthy");
    }

    @Test
    void inARunEveryFaultAppliesAndTheEarliestEndWins() {
        FaultHandle stall = server.inject(Fault.stallAfter("tool_executing"));
        FaultHandle close = server.inject(Fault.closeAfter("agent_thinking", 1011));
        Target target = Target.mock(server.httpUri(), server.webSocketUri(), server.secret());
        try (AgentSocket socket = AgentSocket.connect(target, "e2e-composer", WAIT)) {
            socket.awaitWelcome(WAIT);
            socket.startRun("q");

            assertThatThrownBy(() -> socket.collectRun(WAIT, WAIT))
                    .isInstanceOfSatisfying(OutcomeException.class, e -> {
                        assertThat(e.outcome()).isInstanceOf(Outcome.ConnectionClosed.class);
                        assertThat(((Outcome.ConnectionClosed) e.outcome()).code()).isEqualTo(1011);
                    });
        }
        assertThat(stall.rule().hits()).as("both struck the run").isEqualTo(1);
        assertThat(close.rule().hits()).isEqualTo(1);
    }
}
