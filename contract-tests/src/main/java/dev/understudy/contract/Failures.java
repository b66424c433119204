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
        return exception(failure).map(OutcomeException::outcome);
    }

    /** The first {@link OutcomeException} in {@code failure}'s cause chain (or among its suppressed exceptions). */
    public static Optional<OutcomeException> exception(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof OutcomeException e && e.outcome() != null) {
                return Optional.of(e);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof OutcomeException e && e.outcome() != null) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * One line on why a check failed: the named outcome, when it came (if the kit knows), what it was and what was expected
     * ("WelcomeTimeout after 2000 ms: no welcome frame in time; expected the welcome frame within 2000 ms"), or, with no
     * outcome in the chain, the exception's simple name and the first line of its message.
     */
    public static String describe(Throwable failure) {
        Optional<OutcomeException> e = exception(failure);
        if (e.isPresent()) {
            Outcome o = e.get().outcome();
            String seen = o.lastSeen().isEmpty() ? "" : "; last seen: " + clip(o.lastSeen());
            String after = o.elapsed().isZero() ? "" : " after " + o.elapsed().toMillis() + " ms";
            return name(o) + after + ": " + o.describe() + "; expected "
                    + e.get().expected() + seen;
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip().lines()
                .filter(l -> !l.isBlank()).findFirst().orElse("");
        return failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + clip(message));
    }

    private static String clip(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
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
