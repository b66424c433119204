package dev.understudy.client;

import java.util.Optional;

/**
 * The event types of an agent run, in the order a simple run sends them: the kit's one list of the event vocabulary
 * (see {@code docs/contract.md}), used by {@link StreamJudge} to judge a run and by {@link AgentSocket} to collect one.
 */
public enum EventType {
    /** The run began; carries {@code task_description}. */
    AGENT_STARTED("agent_started"),
    /** The agent reasons; carries {@code reasoning}. */
    AGENT_THINKING("agent_thinking"),
    /** A piece of the answer; carries {@code content}, {@code sequence}, {@code is_final}; the one non-critical type. */
    PARTIAL_RESULT("partial_result"),
    /** A tool started; carries {@code tool_name}, {@code parameters}. */
    TOOL_EXECUTING("tool_executing"),
    /** A tool finished; carries {@code tool_name}, {@code results}, {@code success}. */
    TOOL_COMPLETED("tool_completed"),
    /** The run ended with an answer; carries {@code status}, {@code final_response}. Terminal. */
    AGENT_COMPLETED("agent_completed"),
    /** The run ended with an error; carries {@code error}, {@code error_code}. Terminal. */
    AGENT_ERROR("agent_error");

    private static final EventType[] ALL = values();

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code type} field's value on the wire, e.g. {@code agent_started}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the event's {@code critical} flag must be true (every type but {@link #PARTIAL_RESULT}). */
    public boolean critical() {
        return this != PARTIAL_RESULT;
    }

    /** Whether the event ends a run ({@link #AGENT_COMPLETED}, {@link #AGENT_ERROR}). */
    public boolean terminal() {
        return this == AGENT_COMPLETED || this == AGENT_ERROR;
    }

    /** The event type whose wire name is {@code type}, if it is one. */
    public static Optional<EventType> fromWireName(String type) {
        for (EventType event : ALL) {
            if (event.wireName.equals(type)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /** The event type of a frame, if it is a run event (JSON with one of these types). */
    public static Optional<EventType> of(Frame frame) {
        return frame.isJson() ? fromWireName(frame.type()) : Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
