package dev.understudy.client;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Assertions that a call fails with a named outcome, and does so within its timeout plus a small slack. */
final class Outcomes {

    /** docs/faults.md promises tens of milliseconds; a loaded 2-core CI box gets a little more. */
    static final Duration SLACK = Duration.ofMillis(150);

    private Outcomes() {
    }

    /** Runs {@code call}, expects an {@link OutcomeException} within {@code timeout} + slack, returns it. */
    static OutcomeException expectFailure(Duration timeout, ThrowingCallable call) {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(thrown).as("the call should fail with an OutcomeException").isInstanceOf(OutcomeException.class);
        assertThat(took).as("time to reach the outcome (%s)", thrown.getMessage()).isLessThan(timeout.plus(SLACK));
        OutcomeException failure = (OutcomeException) thrown;
        assertThat(failure.outcome().elapsed()).isLessThanOrEqualTo(took);
        assertThat(failure.getMessage()).startsWith("Expected ").contains("; got ");
        return failure;
    }

    /** As {@link #expectFailure}, also checking the outcome's type; returns the outcome. */
    static Outcome expectOutcome(Class<? extends Outcome> type, Duration timeout, ThrowingCallable call) {
        OutcomeException failure = expectFailure(timeout, call);
        assertThat(failure.outcome()).as(failure.getMessage()).isInstanceOf(type);
        return failure.outcome();
    }
}
