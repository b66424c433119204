package dev.understudy.client;

import java.util.Objects;

/**
 * One broken rule of the event stream contract, found by {@link StreamJudge}.
 *
 * @param rule       the rule it breaks
 * @param frameIndex the index of the offending frame in the judged list, or -1 when no single frame is to blame
 * @param message    what was expected and what was found
 */
public record Violation(StreamRule rule, int frameIndex, String message) {

    public Violation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return rule.id() + (frameIndex >= 0 ? " @" + frameIndex : "") + ": " + message;
    }
}
