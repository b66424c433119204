package dev.understudy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the frames of one agent run against CONTRACT.md §4 and returns every rule they break.
 *
 * <p>A pure function over received frames: it works the same on the mock's frames and on staging's. Frames that are
 * not run events (pong, heartbeat, ack, welcome, error messages) may be interleaved and are ignored, except that no
 * frame may carry another user's or another run's ids, and a frame that is not JSON at all is flagged. Every
 * violation is reported, not just the first, each with the index of the frame to blame.
 *
 * <p>The rules, by name:
 * <ul>
 *   <li>{@value #RULE_START}: the first event is {@code agent_started}; {@value #RULE_SINGLE_START}: only one;</li>
 *   <li>{@value #RULE_END}: the run ends with {@code agent_completed} or {@code agent_error}, and nothing comes after;
 *       {@value #RULE_SINGLE_END}: exactly one of them;</li>
 *   <li>{@value #RULE_THINKING}: at least one {@code agent_thinking} before the first tool;</li>
 *   <li>{@value #RULE_TOOL_PAIRING}: each {@code tool_completed} follows its own {@code tool_executing} (same
 *       {@code tool_name}), tools do not nest or overlap, and none is left executing;</li>
 *   <li>{@value #RULE_PARTIAL_SEQUENCE}: {@code partial_result} sequence 0, 1, 2, ... and {@code is_final} true on the
 *       last one only;</li>
 *   <li>{@value #RULE_EVENT_FIELDS}: string {@code type}, numeric {@code timestamp}; {@value #RULE_CRITICAL}: boolean
 *       {@code critical}, true for every type but {@code partial_result};</li>
 *   <li>{@value #RULE_USER_ID}, {@value #RULE_RUN_IDS}, {@value #RULE_AGENT_NAME}: non-empty {@code user_id},
 *       {@code thread_id}, {@code run_id}, {@code agent_name} on every event;</li>
 *   <li>{@value #RULE_FOREIGN_IDS}: no frame carries a {@code user_id}, {@code thread_id} or {@code run_id} other than
 *       the run's (the expected ones when given, else the first event's);</li>
 *   <li>{@value #RULE_NESTED_FORM}: {@code event} equals {@code type}, {@code data} is an object, and for
 *       {@code agent_completed} {@code data.result} equals {@code final_response};</li>
 *   <li>{@value #RULE_OWN_FIELDS}: each event's own fields ({@code task_description}, {@code reasoning},
 *       {@code content}/{@code sequence}/{@code is_final}, {@code tool_name}/{@code parameters}/{@code results});</li>
 *   <li>{@value #RULE_COMPLETED_STATUS}: {@code agent_completed.status} is {@code completed};
 *       {@value #RULE_FINAL_RESPONSE}: {@code final_response} is longer than the expectation's minimum;
 *       {@value #RULE_ERROR_FIELDS}: {@code agent_error} has {@code error} and {@code error_code};
 *       {@value #RULE_TOOL_SUCCESS}: {@code tool_completed.success} is a boolean;</li>
 *   <li>{@value #RULE_DUPLICATE}: the same event twice in a row (all fields but {@code timestamp} equal);</li>
 *   <li>{@value #RULE_MISSING}: an event type the expectation requires never came, or no event came at all;</li>
 *   <li>{@value #RULE_MALFORMED}: a frame that is not a JSON object with a string {@code type}.</li>
 * </ul>
 */
public final class StreamJudge {

    /** The event types of an agent run, in the order a simple run sends them. */
    public static final List<String> EVENT_TYPES = List.of("agent_started", "agent_thinking", "partial_result",
            "tool_executing", "tool_completed", "agent_completed", "agent_error");
    /** Event types whose {@code critical} flag is false; all other events are critical. */
    public static final Set<String> NON_CRITICAL = Set.of("partial_result");

    public static final String RULE_START = "starts-with-agent-started";
    public static final String RULE_SINGLE_START = "single-agent-started";
    public static final String RULE_END = "ends-with-terminal";
    public static final String RULE_SINGLE_END = "single-terminal";
    public static final String RULE_THINKING = "thinking-before-tool";
    public static final String RULE_TOOL_PAIRING = "tool-pairing";
    public static final String RULE_PARTIAL_SEQUENCE = "partial-sequence";
    public static final String RULE_EVENT_FIELDS = "event-fields";
    public static final String RULE_CRITICAL = "critical-flag";
    public static final String RULE_USER_ID = "user-id";
    public static final String RULE_RUN_IDS = "run-ids";
    public static final String RULE_AGENT_NAME = "agent-name";
    public static final String RULE_FOREIGN_IDS = "foreign-ids";
    public static final String RULE_NESTED_FORM = "nested-form";
    public static final String RULE_OWN_FIELDS = "event-own-fields";
    public static final String RULE_COMPLETED_STATUS = "completed-status";
    public static final String RULE_FINAL_RESPONSE = "final-response";
    public static final String RULE_ERROR_FIELDS = "error-fields";
    public static final String RULE_TOOL_SUCCESS = "tool-success";
    public static final String RULE_DUPLICATE = "duplicate-event";
    public static final String RULE_MISSING = "missing-event";
    public static final String RULE_MALFORMED = "malformed-frame";

    private static final Set<String> TERMINAL = Set.of("agent_completed", "agent_error");
    private static final List<String> ID_FIELDS = List.of("user_id", "thread_id", "run_id");

    private StreamJudge() {
    }

    /** Whether a frame is a run event (JSON with one of {@link #EVENT_TYPES} as its type). */
    public static boolean isEvent(Frame frame) {
        return frame.isJson() && EVENT_TYPES.contains(frame.type());
    }

    /**
     * Every violation of CONTRACT.md §4 in one run's frames; empty when the run is fine.
     *
     * @param frames      the run's frames in arrival order (e.g. {@link AgentRun#frames()}), non-events allowed
     * @param expectation whose run it is and what it must contain
     */
    public static List<Violation> judge(List<Frame> frames, RunExpectation expectation) {
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(expectation, "expectation");
        return new Judgement(frames, expectation).run();
    }

    /** The state of one judgement: the frames, the ids the run is known by, and the violations so far. */
    private static final class Judgement {
        private final List<Frame> frames;
        private final RunExpectation expectation;
        private final List<Violation> violations = new ArrayList<>();
        private final List<Integer> events = new ArrayList<>();
        /** The run's ids: expected, else taken from the first event that carries them; index -1 = expected. */
        private final String[] runIds = new String[ID_FIELDS.size()];
        private final int[] runIdsFrom = new int[ID_FIELDS.size()];

        Judgement(List<Frame> frames, RunExpectation expectation) {
            this.frames = frames;
            this.expectation = expectation;
            runIds[0] = expectation.userId().orElse(null);
            runIds[1] = expectation.threadId().orElse(null);
            runIds[2] = expectation.runId().orElse(null);
            java.util.Arrays.fill(runIdsFrom, -1);
        }

        List<Violation> run() {
            for (int i = 0; i < frames.size(); i++) {
                Frame frame = frames.get(i);
                if (!frame.isJson() || !frame.node().isObject() || !frame.node().path("type").isTextual()) {
                    add(RULE_MALFORMED, i, "expected a JSON object with a string 'type', found "
                            + (frame.isJson() ? frame.node().getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                            + (frame.node().isObject() ? " without a string type" : "")
                            : "text that is not JSON (" + frame.parseError().orElse("") + ")")
                            + ": " + clip(frame.raw()));
                    continue;
                }
                if (isEvent(frame)) {
                    events.add(i);
                    learnIds(i, frame.node());
                }
            }
            for (int i = 0; i < frames.size(); i++) {
                Frame frame = frames.get(i);
                if (frame.isJson() && frame.node().isObject()) {
                    checkForeignIds(i, frame.node());
                }
            }
            for (int index : events) {
                checkEventFields(index, frames.get(index).node());
            }
            checkOrder();
            if (events.isEmpty()) {
                return List.copyOf(violations); // one "no run" violation says it all
            }
            checkThinking();
            checkTools();
            checkPartials();
            checkDuplicates();
            checkRequired();
            return List.copyOf(violations);
        }

        // ------------------------------------------------------------------ ids

        private void learnIds(int index, JsonNode node) {
            for (int f = 0; f < ID_FIELDS.size(); f++) {
                JsonNode value = node.path(ID_FIELDS.get(f));
                if (runIds[f] == null && value.isTextual() && !value.asText().isEmpty()) {
                    runIds[f] = value.asText();
                    runIdsFrom[f] = index;
                }
            }
        }

        private void checkForeignIds(int index, JsonNode node) {
            for (int f = 0; f < ID_FIELDS.size(); f++) {
                if (runIds[f] == null) {
                    continue;
                }
                String field = ID_FIELDS.get(f);
                for (JsonNode holder : List.of(node, node.path("data"))) {
                    JsonNode value = holder.path(field);
                    if (value.isTextual() && !value.asText().isEmpty() && !value.asText().equals(runIds[f])) {
                        String where = holder == node ? field : "data." + field;
                        add(RULE_FOREIGN_IDS, index, "expected " + field + " '" + runIds[f] + "' ("
                                + (runIdsFrom[f] < 0 ? "expected" : "from frame " + runIdsFrom[f]) + "), found "
                                + where + " '" + value.asText() + "' on a '" + node.path("type").asText() + "' frame");
                    }
                }
            }
        }

        // ------------------------------------------------------------------ each event on its own

        private void checkEventFields(int i, JsonNode node) {
            String type = node.path("type").asText();
            if (!node.path("timestamp").isNumber()) {
                add(RULE_EVENT_FIELDS, i, "expected a numeric 'timestamp' on " + type + ", found " + show(node, "timestamp"));
            }
            JsonNode critical = node.path("critical");
            boolean shouldBeCritical = !NON_CRITICAL.contains(type);
            if (!critical.isBoolean() || critical.asBoolean() != shouldBeCritical) {
                add(RULE_CRITICAL, i, "expected 'critical' " + shouldBeCritical + " on " + type + ", found "
                        + show(node, "critical"));
            }
            requireText(RULE_USER_ID, i, node, "user_id");
            requireText(RULE_RUN_IDS, i, node, "thread_id");
            requireText(RULE_RUN_IDS, i, node, "run_id");
            requireText(RULE_AGENT_NAME, i, node, "agent_name");
            if (expectation.nestedForm()) {
                checkNested(i, node, type);
            }
            switch (type) {
                case "agent_started":
                    requireText(RULE_OWN_FIELDS, i, node, "task_description");
                    break;
                case "agent_thinking":
                    requireText(RULE_OWN_FIELDS, i, node, "reasoning");
                    break;
                case "partial_result":
                    requireKind(i, node, "content", JsonNode::isTextual, "a string");
                    requireKind(i, node, "sequence", JsonNode::isIntegralNumber, "an integer");
                    requireKind(i, node, "is_final", JsonNode::isBoolean, "a boolean");
                    break;
                case "tool_executing":
                    requireText(RULE_OWN_FIELDS, i, node, "tool_name");
                    requireKind(i, node, "parameters", JsonNode::isObject, "an object");
                    break;
                case "tool_completed":
                    requireText(RULE_OWN_FIELDS, i, node, "tool_name");
                    requireKind(i, node, "results", JsonNode::isObject, "an object");
                    if (!node.path("success").isBoolean()) {
                        add(RULE_TOOL_SUCCESS, i, "expected a boolean 'success' on tool_completed, found "
                                + show(node, "success"));
                    }
                    break;
                case "agent_completed":
                    if (!"completed".equals(node.path("status").asText(null)) || !node.path("status").isTextual()) {
                        add(RULE_COMPLETED_STATUS, i, "expected status 'completed' on agent_completed, found "
                                + show(node, "status"));
                    }
                    JsonNode answer = node.path("final_response");
                    int minimum = expectation.finalResponseLongerThan();
                    if (!answer.isTextual() || answer.asText().length() <= minimum) {
                        add(RULE_FINAL_RESPONSE, i, "expected a final_response longer than " + minimum
                                + " characters, found " + (answer.isTextual()
                                ? answer.asText().length() + " characters: " + clip(answer.asText())
                                : show(node, "final_response")));
                    }
                    break;
                case "agent_error":
                    requireText(RULE_ERROR_FIELDS, i, node, "error");
                    requireText(RULE_ERROR_FIELDS, i, node, "error_code");
                    break;
                default:
                    break;
            }
        }

        private void checkNested(int i, JsonNode node, String type) {
            JsonNode event = node.path("event");
            if (!event.isTextual() || !event.asText().equals(type)) {
                add(RULE_NESTED_FORM, i, "expected 'event' equal to type '" + type + "', found " + show(node, "event"));
            }
            JsonNode data = node.path("data");
            if (!data.isObject()) {
                add(RULE_NESTED_FORM, i, "expected 'data' to be an object on " + type + ", found " + show(node, "data"));
            } else if (type.equals("agent_completed")) {
                JsonNode result = data.path("result");
                if (!result.equals(node.path("final_response"))) {
                    add(RULE_NESTED_FORM, i, "expected data.result to equal final_response on agent_completed, found "
                            + (result.isMissingNode() ? "no data.result" : "data.result " + clip(result.toString())));
                }
            }
        }

        // ------------------------------------------------------------------ the run as a whole

        private void checkOrder() {
            if (events.isEmpty()) {
                add(RULE_MISSING, -1, "expected a run (agent_started ... agent_completed/agent_error), found no run"
                        + " events among " + frames.size() + " frames");
                return;
            }
            int first = events.get(0);
            if (!type(first).equals("agent_started")) {
                boolean anyStart = events.stream().anyMatch(i -> type(i).equals("agent_started"));
                add(RULE_START, first, "expected the first event to be agent_started, found " + type(first)
                        + (anyStart ? "" : " (agent_started never came)"));
            }
            int starts = 0;
            for (int i : events) {
                if (type(i).equals("agent_started") && ++starts > 1) {
                    add(RULE_SINGLE_START, i, "expected one agent_started, found another at frame " + i);
                }
            }
            int terminalAt = -1;
            for (int i : events) {
                if (!TERMINAL.contains(type(i))) {
                    if (terminalAt >= 0) {
                        add(RULE_END, i, "expected nothing after " + type(terminalAt) + " (frame " + terminalAt
                                + "), found " + type(i));
                    }
                    continue;
                }
                if (terminalAt < 0) {
                    terminalAt = i;
                } else {
                    add(RULE_SINGLE_END, i, "expected one agent_completed/agent_error, found " + type(i)
                            + " again after " + type(terminalAt) + " at frame " + terminalAt);
                }
            }
            if (terminalAt < 0) {
                int last = events.get(events.size() - 1);
                add(RULE_END, last, "expected the run to end with agent_completed or agent_error, found "
                        + type(last) + " last and no terminal event");
            }
        }

        private void checkThinking() {
            Integer firstTool = null;
            boolean thinking = false;
            for (int i : events) {
                if (type(i).equals("agent_thinking")) {
                    thinking = true;
                } else if (type(i).equals("tool_executing") || type(i).equals("tool_completed")) {
                    firstTool = i;
                    break;
                }
            }
            if (firstTool != null && !thinking) {
                add(RULE_THINKING, firstTool, "expected agent_thinking before the first tool, found "
                        + type(firstTool) + " first");
            } else if (firstTool == null && events.stream().noneMatch(i -> type(i).equals("agent_thinking"))) {
                add(RULE_THINKING, -1, "expected at least one agent_thinking, found none");
            }
        }

        private void checkTools() {
            Integer open = null;
            for (int i : events) {
                String type = type(i);
                if (type.equals("tool_executing")) {
                    if (open != null) {
                        add(RULE_TOOL_PAIRING, i, "expected tool_completed for '" + tool(open) + "' (frame " + open
                                + ") before another tool_executing, found tool_executing for '" + tool(i) + "'");
                    }
                    open = i;
                } else if (type.equals("tool_completed")) {
                    if (open == null) {
                        add(RULE_TOOL_PAIRING, i, "expected a tool_executing before tool_completed for '" + tool(i)
                                + "', found none open");
                    } else if (!tool(open).equals(tool(i))) {
                        add(RULE_TOOL_PAIRING, i, "expected tool_completed for '" + tool(open) + "' (frame " + open
                                + "), found tool_completed for '" + tool(i) + "'");
                    }
                    open = null;
                }
            }
            if (open != null) {
                add(RULE_TOOL_PAIRING, open, "expected tool_completed for '" + tool(open) + "' (frame " + open
                        + "), found none before the run ended");
            }
        }

        private void checkPartials() {
            List<Integer> partials = events.stream().filter(i -> type(i).equals("partial_result")).toList();
            for (int k = 0; k < partials.size(); k++) {
                int i = partials.get(k);
                JsonNode node = frames.get(i).node();
                JsonNode sequence = node.path("sequence");
                if (sequence.isIntegralNumber() && sequence.asLong() != k) {
                    add(RULE_PARTIAL_SEQUENCE, i, "expected partial_result sequence " + k + ", found "
                            + sequence.asLong());
                }
                JsonNode isFinal = node.path("is_final");
                boolean last = k == partials.size() - 1;
                if (isFinal.isBoolean() && isFinal.asBoolean() != last) {
                    add(RULE_PARTIAL_SEQUENCE, i, "expected is_final " + last + " on partial_result " + k + " of "
                            + partials.size() + ", found " + isFinal.asBoolean());
                }
            }
        }

        private void checkDuplicates() {
            for (int k = 1; k < events.size(); k++) {
                int previous = events.get(k - 1);
                int current = events.get(k);
                String type = type(current);
                if (type.equals("agent_started") || TERMINAL.contains(type)) {
                    continue; // their own rules say "only one"
                }
                if (withoutTimestamp(previous).equals(withoutTimestamp(current))) {
                    add(RULE_DUPLICATE, current, "expected each event once, found " + type
                            + " identical to frame " + previous + " (timestamp aside)");
                }
            }
        }

        private void checkRequired() {
            for (String required : expectation.requiredTypes()) {
                if (events.stream().noneMatch(i -> type(i).equals(required))) {
                    add(RULE_MISSING, -1, "expected at least one " + required + ", found none");
                }
            }
        }

        // ------------------------------------------------------------------ helpers

        private JsonNode withoutTimestamp(int index) {
            ObjectNode copy = ((ObjectNode) frames.get(index).node()).deepCopy();
            copy.remove("timestamp");
            if (copy.path("data").isObject()) {
                ((ObjectNode) copy.get("data")).remove("timestamp");
            }
            return copy;
        }

        private String type(int index) {
            return frames.get(index).type();
        }

        private String tool(int index) {
            return frames.get(index).node().path("tool_name").asText("");
        }

        private void requireText(String rule, int i, JsonNode node, String field) {
            JsonNode value = node.path(field);
            if (!value.isTextual() || value.asText().isEmpty()) {
                add(rule, i, "expected a non-empty string '" + field + "' on " + node.path("type").asText()
                        + ", found " + show(node, field));
            }
        }

        private void requireKind(int i, JsonNode node, String field, java.util.function.Predicate<JsonNode> kind,
                                 String what) {
            if (!kind.test(node.path(field))) {
                add(RULE_OWN_FIELDS, i, "expected '" + field + "' to be " + what + " on "
                        + node.path("type").asText() + ", found " + show(node, field));
            }
        }

        private static String show(JsonNode node, String field) {
            JsonNode value = node.path(field);
            return value.isMissingNode() ? "no '" + field + "'" : clip(value.toString());
        }

        private static String clip(String text) {
            return text.length() <= 80 ? text : text.substring(0, 80) + "...";
        }

        private void add(String rule, int index, String message) {
            violations.add(new Violation(rule, index, message));
        }
    }
}
