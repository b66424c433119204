package dev.understudy.client.internal;

import dev.understudy.client.CloseInfo;
import dev.understudy.client.Frame;
import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import jakarta.websocket.DeploymentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping on exceptions shaped like the libraries' own, for the branches a loopback test cannot provoke at will
 * (the wire tests cover the rest for real).
 */
@Timeout(10)
class OutcomeMapperTest {

    private static final Duration ELAPSED = Duration.ofMillis(12);

    @Test
    void aResetWhileTheJdkFinishesConnectingIsADropNotARefusal() {
        ConnectException reset = new ConnectException("Connection reset by peer");
        reset.initCause(new SocketException("Connection reset by peer"));

        assertThat(OutcomeMapper.httpFailure(reset, ELAPSED)).isInstanceOf(Outcome.ConnectionDropped.class);
    }

    @Test
    void theJdksConnectTimeoutIsAConnectTimeoutDespiteItsConnectExceptionCause() {
        HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("HTTP connect timed out");
        timeout.initCause(new ConnectException("HTTP connect timed out"));

        assertThat(OutcomeMapper.httpFailure(timeout, ELAPSED)).isInstanceOf(Outcome.ConnectTimeout.class);
    }

    @Test
    void anUnknownHostCannotBeConnectedTo() {
        assertThat(OutcomeMapper.upgradeFailure(new UnknownHostException("staging.invalid"), ELAPSED))
                .isInstanceOf(Outcome.ConnectionRefused.class);
    }

    @Test
    void theStatusIsReadFromUndertowsMessageThroughTheDeploymentException() {
        DeploymentException wrapped = new DeploymentException("Invalid response code 502",
                new IOException("Invalid response code 502"));

        assertThat(OutcomeMapper.upgradeStatus(wrapped)).isEqualTo(502);
        assertThat(OutcomeMapper.upgradeFailure(wrapped, ELAPSED))
                .isEqualTo(new Outcome.HandshakeRejected(502, "", new Outcome.Trace(ELAPSED,
                        "DeploymentException: Invalid response"
                        + " code 502 (root: IOException: Invalid response code 502)")));
    }

    @Test
    void a1008WithAnAuthReasonIsAuthRejectedEvenWithoutTheErrorFrame() {
        Outcome outcome = OutcomeMapper.closed(new CloseInfo(1008, "Authentication failed"), List.of(), ELAPSED);

        assertThat(outcome).isInstanceOf(Outcome.AuthRejected.class);
    }

    @Test
    void a1008ForTooManySocketsIsAPlainClose() {
        Frame welcome = Frame.of("{\"type\":\"system_message\"}");

        Outcome outcome = OutcomeMapper.closed(new CloseInfo(1008, "Too many concurrent connections"),
                List.of(welcome), ELAPSED);

        assertThat(outcome).isEqualTo(new Outcome.ConnectionClosed(1008, "Too many concurrent connections",
                new Outcome.Trace(ELAPSED, "close 1008 \"Too many concurrent connections\" after {\"type\":\"system_message\"}")));
    }

    @Test
    void theExceptionMessageSaysWhatWasExpectedWhatCameAndWhatWasSeen() {
        OutcomeException failure = new OutcomeException("the welcome frame within 200 ms",
                new Outcome.WelcomeTimeout(new Outcome.Trace(Duration.ofMillis(201), "")));

        assertThat(failure.getMessage()).isEqualTo("Expected the welcome frame within 200 ms; got WelcomeTimeout: "
                + "no welcome frame in time after 201 ms (last seen: nothing)");
    }

    @Test
    void longFramesAreClippedInMessages() {
        String huge = "x".repeat(10_000);
        OutcomeException failure = new OutcomeException("a frame",
                new Outcome.ProtocolViolation("big", new Outcome.Trace(ELAPSED, huge)));

        assertThat(failure.getMessage()).hasSizeLessThan(600).contains("more chars");
    }
}
