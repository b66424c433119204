package dev.understudy.client;

/**
 * One rule of the event stream contract (see {@code docs/contract.md}) that {@link StreamJudge} checks; a
 * {@link Violation} names the rule it breaks.
 */
public enum StreamRule {
    /** The first event is {@code agent_started}. */
    START("starts-with-agent-started"),
    /** Only one {@code agent_started}. */
    SINGLE_START("single-agent-started"),
    /** The run ends with {@code agent_completed} or {@code agent_error}, and nothing comes after. */
    END("ends-with-terminal"),
    /** Exactly one {@code agent_completed}/{@code agent_error}. */
    SINGLE_END("single-terminal"),
    /** At least one {@code agent_thinking} before the first tool. */
    THINKING("thinking-before-tool"),
    /** Each {@code tool_completed} follows its own {@code tool_executing} (same {@code tool_name}), tools do
     * not nest or overlap, and none is left executing. */
    TOOL_PAIRING("tool-pairing"),
    /** {@code partial_result} sequence 0, 1, 2, ... and {@code is_final} true on the last one only. */
    PARTIAL_SEQUENCE("partial-sequence"),
    /** String {@code type}, numeric {@code timestamp}. */
    EVENT_FIELDS("event-fields"),
    /** Boolean {@code critical}, true for every type but {@code partial_result}. */
    CRITICAL("critical-flag"),
    /** A non-empty {@code user_id} on every event. */
    USER_ID("user-id"),
    /** Non-empty {@code thread_id} and {@code run_id} on every event. */
    RUN_IDS("run-ids"),
    /** A non-empty {@code agent_name} on every event. */
    AGENT_NAME("agent-name"),
    /** No frame carries a {@code user_id}, {@code thread_id} or {@code run_id} other than the run's (the
     * expected ones when given, else the first event's). */
    FOREIGN_IDS("foreign-ids"),
    /** {@code event} equals {@code type}, {@code data} is an object, and for {@code agent_completed}
     * {@code data.result} equals {@code final_response}. */
    NESTED_FORM("nested-form"),
    /** Each event's own fields ({@code task_description}, {@code reasoning}, {@code content}/{@code sequence}/
     * {@code is_final}, {@code tool_name}/{@code parameters}/{@code results}). */
    OWN_FIELDS("event-own-fields"),
    /** {@code agent_completed.status} is {@code completed}. */
    COMPLETED_STATUS("completed-status"),
    /** {@code final_response} is longer than the expectation's minimum. */
    FINAL_RESPONSE("final-response"),
    /** {@code agent_error} has {@code error} and {@code error_code}. */
    ERROR_FIELDS("error-fields"),
    /** {@code tool_completed.success} is a boolean. */
    TOOL_SUCCESS("tool-success"),
    /** The same event twice in a row (all fields but {@code timestamp} equal). */
    DUPLICATE("duplicate-event"),
    /** An event type the expectation requires never came, or no event came at all. */
    MISSING("missing-event"),
    /** A frame that is not a JSON object with a string {@code type}. */
    MALFORMED("malformed-frame");

    private final String id;

    StreamRule(String id) {
        this.id = id;
    }

    /** The rule's short name, e.g. {@code starts-with-agent-started}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
