package dev.understudy.client;

import dev.understudy.client.internal.Texts;

import java.util.Objects;

/**
 * Thrown by every failing call of the client kit: carries the named {@link Outcome} and says what was expected.
 *
 * <p>The message reads "expected X; got Y after N ms (last seen: Z)", so a failed test tells what to look at
 * without a debugger.
 */
public final class OutcomeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Outcome outcome;
    private final String expected;

    /**
     * @param expected what the call was waiting for, e.g. "the welcome frame within 200 ms"
     * @param outcome  what happened instead
     */
    public OutcomeException(String expected, Outcome outcome) {
        this(expected, outcome, null);
    }

    /** As {@link #OutcomeException(String, Outcome)}, keeping the library's exception as the cause. */
    public OutcomeException(String expected, Outcome outcome, Throwable cause) {
        super(message(expected, outcome), cause);
        this.expected = Objects.requireNonNull(expected, "expected");
        this.outcome = outcome;
    }

    /** The named outcome. */
    public Outcome outcome() {
        return outcome;
    }

    /** What the failing call expected. */
    public String expected() {
        return expected;
    }

    private static String message(String expected, Outcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        String seen = outcome.lastSeen().isEmpty() ? "nothing" : Texts.clip(outcome.lastSeen());
        return "Expected " + expected + "; got " + outcome.getClass().getSimpleName() + ": " + outcome.describe()
                + " after " + Texts.millis(outcome.elapsed()) + " (last seen: " + seen + ")";
    }
}
