package dev.understudy.contract;

import dev.understudy.client.HttpReply;
import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.Violation;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns what a check saw into the client kit's named outcome when it is not what the contract says, so a failing
 * check reads {@code ServiceUnavailable(503)} or {@code ProtocolViolation}, not "expected 200 but was 503".
 */
final class Expect {

    private Expect() {
    }

    /**
     * The reply of {@code call}, when its status is {@code status}; else an {@link OutcomeException}: {@code ServiceUnavailable} for
     * a 503, {@code HandshakeRejected(status, body)} for any other status.
     */
    static HttpReply status(Supplier<HttpReply> call, int status, String request) {
        long start = System.nanoTime();
        HttpReply reply = call.get();
        if (reply.status() == status) {
            return reply;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String expected = "HTTP " + status + " from " + request;
        Outcome outcome = reply.status() == 503
                ? new Outcome.ServiceUnavailable(503, new Outcome.Trace(elapsed, reply.toString()))
                : new Outcome.HandshakeRejected(reply.status(), reply.body(), new Outcome.Trace(elapsed, reply.toString()));
        throw new OutcomeException(expected, outcome);
    }

    /** Fails with a {@code ProtocolViolation} naming {@code what} unless {@code condition} holds. */
    static void protocol(boolean condition, String expected, String what, String seen) {
        if (!condition) {
            throw new OutcomeException(expected, new Outcome.ProtocolViolation(what, new Outcome.Trace(Duration.ZERO, seen)));
        }
    }

    /** Fails with a {@code ProtocolViolation} listing the stream judge's findings, if there are any. */
    static void clean(List<Violation> violations) {
        protocol(violations.isEmpty(), "a run that keeps the event stream contract",
                violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
                violations.isEmpty() ? "" : violations.get(0).message());
    }
}
