package dev.understudy.mock;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agent run's event types (docs/contract.md §4), the one vocabulary mock-backend uses: scenarios, run faults
 * and the frames the server sends all name their events with it.
 */
public enum EventType {
    AGENT_STARTED("agent_started", true),
    AGENT_THINKING("agent_thinking", true),
    PARTIAL_RESULT("partial_result", false),
    TOOL_EXECUTING("tool_executing", true),
    TOOL_COMPLETED("tool_completed", true),
    AGENT_COMPLETED("agent_completed", true),
    AGENT_ERROR("agent_error", true);

    private static final List<String> WIRE_NAMES = Arrays.stream(values()).map(EventType::wireName).toList();
    /** Looked up on every event a run sends: a map, not a scan. */
    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, e -> e));

    private final String wireName;
    private final boolean critical;

    EventType(String wireName, boolean critical) {
        this.wireName = wireName;
        this.critical = critical;
    }

    /** The {@code type} the frames carry, e.g. {@code agent_started}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the frame's {@code critical} flag is true for this type. */
    public boolean critical() {
        return critical;
    }

    /** Every wire name, in the order a run sends them. */
    public static List<String> wireNames() {
        return WIRE_NAMES;
    }

    /** Whether {@code name} is the wire name of an event type. */
    public static boolean isEvent(String name) {
        return name != null && BY_WIRE_NAME.containsKey(name);
    }

    /** The type with this wire name. */
    public static EventType fromWireName(String name) {
        EventType type = name == null ? null : BY_WIRE_NAME.get(name);
        return type != null ? type : WireNames.parse(EventType.class, name, EventType::wireName);
    }
}
