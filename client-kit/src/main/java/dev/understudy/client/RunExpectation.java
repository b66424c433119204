package dev.understudy.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link StreamJudge} should expect of one run beyond the contract itself: whose run it is, its ids, and any
 * events the test needs to see.
 *
 * @param userId                 the user every frame must belong to; empty: the first event's
 * @param threadId               the run's {@code thread_id}; empty: the first event's
 * @param runId                  the run's {@code run_id}; empty: the first event's
 * @param finalResponseLongerThan {@code final_response} must have more characters than this (contract: 100)
 * @param requiredTypes          event types that must occur at least once
 * @param nestedForm             whether events must carry the nested form too ({@code event} and {@code data})
 */
public record RunExpectation(Optional<String> userId, Optional<String> threadId, Optional<String> runId,
                             int finalResponseLongerThan, Set<String> requiredTypes, boolean nestedForm) {

    /** The contract's minimum: a {@code final_response} over 100 characters. */
    public static final int CONTRACT_FINAL_RESPONSE_LENGTH = 100;

    public RunExpectation {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(runId, "runId");
        requiredTypes = Set.copyOf(requiredTypes);
    }

    /** The contract's rules only, with the ids taken from the run itself. */
    public static RunExpectation contractOnly() {
        return builder().build();
    }

    /** A builder with the contract's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects an expectation; by default: no ids expected, final response over 100 chars, nested form required. */
    public static final class Builder {
        private String userId;
        private String threadId;
        private String runId;
        private int finalResponseLongerThan = CONTRACT_FINAL_RESPONSE_LENGTH;
        private final Set<String> requiredTypes = new LinkedHashSet<>();
        private boolean nestedForm = true;

        private Builder() {
        }

        /** The user id (JWT {@code sub}) every frame must carry; null for "whatever the run's first event says". */
        public Builder userId(String userId) {
            this.userId = blankToNull(userId);
            return this;
        }

        /** The thread id the test sent; null for "whatever the run's first event says". */
        public Builder threadId(String threadId) {
            this.threadId = blankToNull(threadId);
            return this;
        }

        /** The run id the test sent; null for "whatever the run's first event says". */
        public Builder runId(String runId) {
            this.runId = blankToNull(runId);
            return this;
        }

        /** {@code final_response} must have more characters than this. */
        public Builder finalResponseLongerThan(int length) {
            this.finalResponseLongerThan = length;
            return this;
        }

        /** Event types that must occur at least once (e.g. {@code tool_executing}). */
        public Builder requireTypes(String... types) {
            requiredTypes.addAll(List.of(types));
            return this;
        }

        /** Whether every event must also carry {@code event} and {@code data} (the contract says yes). */
        public Builder nestedForm(boolean required) {
            this.nestedForm = required;
            return this;
        }

        /** The expectation. */
        public RunExpectation build() {
            return new RunExpectation(Optional.ofNullable(userId), Optional.ofNullable(threadId),
                    Optional.ofNullable(runId), finalResponseLongerThan, requiredTypes, nestedForm);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }
}
