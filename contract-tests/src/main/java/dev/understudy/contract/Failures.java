package dev.understudy.contract;

import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Names why a check failed: the client kit's {@link Outcome} when one is in the failure's cause chain. */
public final class Failures {

    private Failures() {
    }

    /** The first {@link Outcome} in {@code failure}'s cause chain (or among its suppressed exceptions), if any. */
    public static Optional<Outcome> outcome(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof OutcomeException e && e.outcome() != null) {
                return Optional.of(e.outcome());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof OutcomeException e && e.outcome() != null) {
                    return Optional.of(e.outcome());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The outcome's short name with what tells it apart ({@code ServiceUnavailable(503)},
     * {@code HandshakeRejected(500)}, {@code ConnectionClosed(1008)}, {@code AuthRejected(http-403)}, ...), or, with
     * no outcome in the chain, the exception's simple name.
     */
    public static String name(Throwable failure) {
        return outcome(failure).map(Failures::name).orElseGet(() -> failure.getClass().getSimpleName());
    }

    /** An outcome's short name with its distinguishing detail. */
    public static String name(Outcome outcome) {
        String simple = outcome.getClass().getSimpleName();
        if (outcome instanceof Outcome.ServiceUnavailable o) {
            return simple + "(" + o.status() + ")";
        }
        if (outcome instanceof Outcome.HandshakeRejected o) {
            return simple + "(" + o.status() + ")";
        }
        if (outcome instanceof Outcome.ConnectionClosed o) {
            return simple + "(" + o.code() + ")";
        }
        if (outcome instanceof Outcome.AuthRejected o) {
            return simple + "(" + o.how() + ")";
        }
        if (outcome instanceof Outcome.EventTimeout o) {
            return simple + "(after " + (o.lastEvent().isEmpty() ? "nothing" : o.lastEvent()) + ")";
        }
        return simple;
    }
}
