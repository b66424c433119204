package dev.understudy.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The frames of one agent run as received: from the first run event (normally {@code agent_started}) to the
 * {@code agent_completed} or {@code agent_error} that ended it, interleaved non-event frames included.
 *
 * @param frames   the frames in arrival order
 * @param duration from the first frame of the run to the last
 */
public record AgentRun(List<Frame> frames, Duration duration) {

    public AgentRun {
        frames = List.copyOf(frames);
        Objects.requireNonNull(duration, "duration");
    }

    /** Only the run event frames (those of an {@link EventType}). */
    public List<Frame> events() {
        return frames.stream().filter(StreamJudge::isEvent).toList();
    }

    /** The event types in order, e.g. [agent_started, agent_thinking, ...]. */
    public List<String> types() {
        return events().stream().map(Frame::type).toList();
    }

    /** The last event ({@code agent_completed}, {@code agent_error}), if the run has any event. */
    public Optional<Frame> terminal() {
        List<Frame> events = events();
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
    }

    /** Whether the run ended with {@code agent_completed}. */
    public boolean completed() {
        return terminal().flatMap(EventType::of).map(EventType.AGENT_COMPLETED::equals).orElse(false);
    }

    /** The {@code final_response} of {@code agent_completed}, or "". */
    public String finalResponse() {
        return terminal().map(f -> f.text("final_response")).orElse("");
    }

    /** The {@code thread_id} of the first event, or "". */
    public String threadId() {
        return events().stream().map(f -> f.text("thread_id")).filter(s -> !s.isEmpty()).findFirst().orElse("");
    }

    /** The {@code run_id} of the first event, or "". */
    public String runId() {
        return events().stream().map(f -> f.text("run_id")).filter(s -> !s.isEmpty()).findFirst().orElse("");
    }
}
