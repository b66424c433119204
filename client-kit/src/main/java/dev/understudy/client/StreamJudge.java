package dev.understudy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks the frames of one agent run against the event stream contract ({@code docs/contract.md}) and returns every
 * rule it breaks, each a {@link StreamRule}.
 *
 * <p>A pure function over received frames: it works the same on the mock's frames and on staging's. Frames that are
 * not run events (pong, heartbeat, ack, welcome, error messages) may be interleaved and are ignored, except that no
 * frame may carry another user's or another run's ids, and a frame that is not JSON at all is flagged. Every
 * violation is reported, not just the first, each with the index of the frame to blame.
 *
 * <p>The rules are the {@link StreamRule} constants, each described there.
 */
public final class StreamJudge {



    private static final List<String> ID_FIELDS = List.of("user_id", "thread_id", "run_id");

    private StreamJudge() {
    }

    /** Whether a frame is a run event (JSON with one of the {@link EventType}s as its type). */
    public static boolean isEvent(Frame frame) {
        return EventType.of(frame).isPresent();
    }

    /**
     * Every violation of the event stream contract in one run's frames; empty when the run is fine.
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
                    add(StreamRule.MALFORMED, i, "expected a JSON object with a string 'type', found "
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
                        add(StreamRule.FOREIGN_IDS, index, "expected " + field + " '" + runIds[f] + "' ("
                                + (runIdsFrom[f] < 0 ? "expected" : "from frame " + runIdsFrom[f]) + "), found "
                                + where + " '" + value.asText() + "' on a '" + node.path("type").asText() + "' frame");
                    }
                }
            }
        }

        // ------------------------------------------------------------------ each event on its own

        private void checkEventFields(int i, JsonNode node) {
            String type = node.path("type").asText();
            EventType event = event(i);
            if (!node.path("timestamp").isNumber()) {
                add(StreamRule.EVENT_FIELDS, i, "expected a numeric 'timestamp' on " + type + ", found " + show(node, "timestamp"));
            }
            JsonNode critical = node.path("critical");
            boolean shouldBeCritical = event.critical();
            if (!critical.isBoolean() || critical.asBoolean() != shouldBeCritical) {
                add(StreamRule.CRITICAL, i, "expected 'critical' " + shouldBeCritical + " on " + type + ", found "
                        + show(node, "critical"));
            }
            requireText(StreamRule.USER_ID, i, node, "user_id");
            requireText(StreamRule.RUN_IDS, i, node, "thread_id");
            requireText(StreamRule.RUN_IDS, i, node, "run_id");
            requireText(StreamRule.AGENT_NAME, i, node, "agent_name");
            if (expectation.nestedForm()) {
                checkNested(i, node, event);
            }
            switch (event) {
                case AGENT_STARTED:
                    requireText(StreamRule.OWN_FIELDS, i, node, "task_description");
                    break;
                case AGENT_THINKING:
                    requireText(StreamRule.OWN_FIELDS, i, node, "reasoning");
                    break;
                case PARTIAL_RESULT:
                    requireKind(i, node, "content", JsonNode::isTextual, "a string");
                    requireKind(i, node, "sequence", JsonNode::isIntegralNumber, "an integer");
                    requireKind(i, node, "is_final", JsonNode::isBoolean, "a boolean");
                    break;
                case TOOL_EXECUTING:
                    requireText(StreamRule.OWN_FIELDS, i, node, "tool_name");
                    requireKind(i, node, "parameters", JsonNode::isObject, "an object");
                    break;
                case TOOL_COMPLETED:
                    requireText(StreamRule.OWN_FIELDS, i, node, "tool_name");
                    requireKind(i, node, "results", JsonNode::isObject, "an object");
                    if (!node.path("success").isBoolean()) {
                        add(StreamRule.TOOL_SUCCESS, i, "expected a boolean 'success' on tool_completed, found "
                                + show(node, "success"));
                    }
                    break;
                case AGENT_COMPLETED:
                    if (!"completed".equals(node.path("status").asText(null)) || !node.path("status").isTextual()) {
                        add(StreamRule.COMPLETED_STATUS, i, "expected status 'completed' on agent_completed, found "
                                + show(node, "status"));
                    }
                    JsonNode answer = node.path("final_response");
                    int minimum = expectation.finalResponseLongerThan();
                    if (!answer.isTextual() || answer.asText().length() <= minimum) {
                        add(StreamRule.FINAL_RESPONSE, i, "expected a final_response longer than " + minimum
                                + " characters, found " + (answer.isTextual()
                                ? answer.asText().length() + " characters: " + clip(answer.asText())
                                : show(node, "final_response")));
                    }
                    break;
                case AGENT_ERROR:
                    requireText(StreamRule.ERROR_FIELDS, i, node, "error");
                    requireText(StreamRule.ERROR_FIELDS, i, node, "error_code");
                    break;
                default:
                    break;
            }
        }

        private void checkNested(int i, JsonNode node, EventType event) {
            String type = event.wireName();
            JsonNode nested = node.path("event");
            if (!nested.isTextual() || !nested.asText().equals(type)) {
                add(StreamRule.NESTED_FORM, i, "expected 'event' equal to type '" + type + "', found " + show(node, "event"));
            }
            JsonNode data = node.path("data");
            if (!data.isObject()) {
                add(StreamRule.NESTED_FORM, i, "expected 'data' to be an object on " + type + ", found " + show(node, "data"));
            } else if (event == EventType.AGENT_COMPLETED) {
                JsonNode result = data.path("result");
                if (!result.equals(node.path("final_response"))) {
                    add(StreamRule.NESTED_FORM, i, "expected data.result to equal final_response on agent_completed, found "
                            + (result.isMissingNode() ? "no data.result" : "data.result " + clip(result.toString())));
                }
            }
        }

        // ------------------------------------------------------------------ the run as a whole

        private void checkOrder() {
            if (events.isEmpty()) {
                add(StreamRule.MISSING, -1, "expected a run (agent_started ... agent_completed/agent_error), found no run"
                        + " events among " + frames.size() + " frames");
                return;
            }
            int first = events.get(0);
            if (event(first) != EventType.AGENT_STARTED) {
                boolean anyStart = events.stream().anyMatch(i -> event(i) == EventType.AGENT_STARTED);
                add(StreamRule.START, first, "expected the first event to be agent_started, found " + type(first)
                        + (anyStart ? "" : " (agent_started never came)"));
            }
            int starts = 0;
            for (int i : events) {
                if (event(i) == EventType.AGENT_STARTED && ++starts > 1) {
                    add(StreamRule.SINGLE_START, i, "expected one agent_started, found another at frame " + i);
                }
            }
            int terminalAt = -1;
            for (int i : events) {
                if (!isTerminal(i)) {
                    if (terminalAt >= 0) {
                        add(StreamRule.END, i, "expected nothing after " + type(terminalAt) + " (frame " + terminalAt
                                + "), found " + type(i));
                    }
                    continue;
                }
                if (terminalAt < 0) {
                    terminalAt = i;
                } else {
                    add(StreamRule.SINGLE_END, i, "expected one agent_completed/agent_error, found " + type(i)
                            + " again after " + type(terminalAt) + " at frame " + terminalAt);
                }
            }
            if (terminalAt < 0) {
                int last = events.get(events.size() - 1);
                add(StreamRule.END, last, "expected the run to end with agent_completed or agent_error, found "
                        + type(last) + " last and no terminal event");
            }
        }

        private void checkThinking() {
            Integer firstTool = null;
            boolean thinking = false;
            for (int i : events) {
                if (event(i) == EventType.AGENT_THINKING) {
                    thinking = true;
                } else if (event(i) == EventType.TOOL_EXECUTING || event(i) == EventType.TOOL_COMPLETED) {
                    firstTool = i;
                    break;
                }
            }
            if (firstTool != null && !thinking) {
                add(StreamRule.THINKING, firstTool, "expected agent_thinking before the first tool, found "
                        + type(firstTool) + " first");
            } else if (firstTool == null && events.stream().noneMatch(i -> event(i) == EventType.AGENT_THINKING)) {
                add(StreamRule.THINKING, -1, "expected at least one agent_thinking, found none");
            }
        }

        private void checkTools() {
            Integer open = null;
            for (int i : events) {
                EventType event = event(i);
                if (event == EventType.TOOL_EXECUTING) {
                    if (open != null) {
                        add(StreamRule.TOOL_PAIRING, i, "expected tool_completed for '" + tool(open) + "' (frame " + open
                                + ") before another tool_executing, found tool_executing for '" + tool(i) + "'");
                    }
                    open = i;
                } else if (event == EventType.TOOL_COMPLETED) {
                    if (open == null) {
                        add(StreamRule.TOOL_PAIRING, i, "expected a tool_executing before tool_completed for '" + tool(i)
                                + "', found none open");
                    } else if (!tool(open).equals(tool(i))) {
                        add(StreamRule.TOOL_PAIRING, i, "expected tool_completed for '" + tool(open) + "' (frame " + open
                                + "), found tool_completed for '" + tool(i) + "'");
                    }
                    open = null;
                }
            }
            if (open != null) {
                add(StreamRule.TOOL_PAIRING, open, "expected tool_completed for '" + tool(open) + "' (frame " + open
                        + "), found none before the run ended");
            }
        }

        private void checkPartials() {
            List<Integer> partials = events.stream().filter(i -> event(i) == EventType.PARTIAL_RESULT).toList();
            for (int k = 0; k < partials.size(); k++) {
                int i = partials.get(k);
                JsonNode node = frames.get(i).node();
                JsonNode sequence = node.path("sequence");
                if (sequence.isIntegralNumber() && sequence.asLong() != k) {
                    add(StreamRule.PARTIAL_SEQUENCE, i, "expected partial_result sequence " + k + ", found "
                            + sequence.asLong());
                }
                JsonNode isFinal = node.path("is_final");
                boolean last = k == partials.size() - 1;
                if (isFinal.isBoolean() && isFinal.asBoolean() != last) {
                    add(StreamRule.PARTIAL_SEQUENCE, i, "expected is_final " + last + " on partial_result " + k + " of "
                            + partials.size() + ", found " + isFinal.asBoolean());
                }
            }
        }

        private void checkDuplicates() {
            for (int k = 1; k < events.size(); k++) {
                int previous = events.get(k - 1);
                int current = events.get(k);
                EventType event = event(current);
                if (event == EventType.AGENT_STARTED || event.terminal()) {
                    continue; // their own rules say "only one"
                }
                if (withoutTimestamp(previous).equals(withoutTimestamp(current))) {
                    add(StreamRule.DUPLICATE, current, "expected each event once, found " + event
                            + " identical to frame " + previous + " (timestamp aside)");
                }
            }
        }

        private void checkRequired() {
            for (String required : expectation.requiredTypes()) {
                if (events.stream().noneMatch(i -> type(i).equals(required))) {
                    add(StreamRule.MISSING, -1, "expected at least one " + required + ", found none");
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

        /** The event type of a frame known to be an event (one of {@link #events}). */
        private EventType event(int index) {
            return EventType.of(frames.get(index)).orElseThrow();
        }

        private boolean isTerminal(int index) {
            return event(index).terminal();
        }

        private String type(int index) {
            return frames.get(index).type();
        }

        private String tool(int index) {
            return frames.get(index).node().path("tool_name").asText("");
        }

        private void requireText(StreamRule rule, int i, JsonNode node, String field) {
            JsonNode value = node.path(field);
            if (!value.isTextual() || value.asText().isEmpty()) {
                add(rule, i, "expected a non-empty string '" + field + "' on " + node.path("type").asText()
                        + ", found " + show(node, field));
            }
        }

        private void requireKind(int i, JsonNode node, String field, java.util.function.Predicate<JsonNode> kind,
                                 String what) {
            if (!kind.test(node.path(field))) {
                add(StreamRule.OWN_FIELDS, i, "expected '" + field + "' to be " + what + " on "
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

        private void add(StreamRule rule, int index, String message) {
            violations.add(new Violation(rule, index, message));
        }
    }
}
