package dev.understudy.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The ids a test sent when it started an agent run, so it can check the run's events carry them.
 *
 * @param text     what the user asked
 * @param threadId the {@code thread_id} sent
 * @param runId    the {@code run_id} sent, if any (the server makes one up otherwise)
 */
public record RunRequest(String text, String threadId, Optional<String> runId) {

    public RunRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(runId, "runId");
    }
}
