package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.fixtures.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one agent run says, as data: the events, their fields and the pacing between them (docs/contract.md §4).
 *
 * <p>Scenarios are JSON files; the built-in ones live in the fixtures module ({@link #named(String)}).
 * A file is checked when it is read, so a bad one fails at start-up with the field that is wrong, never
 * half-way through a run. In string fields, {@code {message}} is replaced by the text the client sent. An event's
 * optional {@code "data"} object holds members played only in its nested {@code data}, as they are (what a
 * scenario derived from a recording needs when staging's nested form carries more than its flat one).
 */
public final class Scenario {

    /** The event types a scenario may contain, in {@link EventType}'s vocabulary. */
    public static final Set<String> EVENT_TYPES = Set.copyOf(EventType.wireNames());

    private static final Map<String, List<String>> REQUIRED_TEXT = Map.of(
            "agent_started", List.of("task_description"),
            "agent_thinking", List.of("reasoning"),
            "partial_result", List.of("content"),
            "tool_executing", List.of("tool_name"),
            "tool_completed", List.of("tool_name"),
            "agent_completed", List.of("final_response"),
            "agent_error", List.of("error", "error_code"));

    private final String name;
    private final String agentName;
    private final List<Step> steps;

    /** Keys the server writes itself on every event frame; a scenario may not set them. */
    public static final Set<String> ENVELOPE_KEYS = Set.of("type", "timestamp", "critical", "user_id", "thread_id",
            "run_id", "agent_name", "event", "data", "sequence", "is_final", "result");

    /**
     * One event of a scenario: its type, the pause before it, and its own fields, which are also kept rendered as
     * JSON object members so that playing thousands of events costs string copies, not serialization.
     */
    public static final class Step {
        private final String type;
        private final Duration after;
        private final ObjectNode fields;
        private final String membersJson;
        private final String finalResponseJson;
        private final boolean templated;
        private final ObjectNode dataOnly;
        private final String dataOnlyJson;

        /** Fields are copied: a step can't be changed through the node it was built from, or the one it returns. */
        public Step(String type, Duration after, ObjectNode fields) {
            this(type, after, fields, null);
        }

        /**
         * A step whose nested {@code data} also carries {@code dataOnly}'s members, played as they are and only there
         * (a scenario's {@code "data"} object: what a recorded staging put in {@code data} but not at the top level).
         */
        public Step(String type, Duration after, ObjectNode fields, ObjectNode dataOnly) {
            this.dataOnly = dataOnly == null ? Bridge.emptyObject() : dataOnly.deepCopy();
            StringBuilder only = new StringBuilder();
            for (Map.Entry<String, JsonNode> f : this.dataOnly.properties()) {
                if (only.length() > 0) {
                    only.append(',');
                }
                only.append(Bridge.write(f.getKey())).append(':').append(Bridge.write(f.getValue()));
            }
            this.dataOnlyJson = only.toString();
            this.type = Objects.requireNonNull(type, "type");
            this.after = Objects.requireNonNull(after, "after");
            this.fields = fields.deepCopy();
            StringBuilder members = new StringBuilder();
            boolean hasTemplate = false;
            for (Map.Entry<String, JsonNode> f : this.fields.properties()) {
                if (members.length() > 0) {
                    members.append(',');
                }
                members.append(Bridge.write(f.getKey())).append(':').append(Bridge.write(f.getValue()));
                hasTemplate |= f.getValue().isTextual() && f.getValue().asText().contains(MESSAGE);
            }
            this.membersJson = members.toString();
            this.templated = hasTemplate;
            JsonNode answer = this.fields.get("final_response");
            this.finalResponseJson = answer == null ? null : Bridge.write(answer);
        }

        /** The event type. */
        public String type() {
            return type;
        }

        /** The pause before this event. */
        public Duration after() {
            return after;
        }

        /** A copy of the event's own fields. */
        public ObjectNode fields() {
            return fields.deepCopy();
        }

        /** The own fields as JSON object members ({@code "k":v,"k2":v2}, no braces); may hold {@value #MESSAGE}. */
        public String membersJson() {
            return membersJson;
        }

        /** {@code final_response} rendered as a JSON value, or null when the event has none. */
        public String finalResponseJson() {
            return finalResponseJson;
        }

        /** A copy of the members only the nested {@code data} carries (empty for most steps). */
        public ObjectNode dataOnly() {
            return dataOnly.deepCopy();
        }

        /** {@link #dataOnly()} as JSON object members, no braces; empty when there are none. */
        public String dataOnlyJson() {
            return dataOnlyJson;
        }

        /** Whether some field holds {@value #MESSAGE}, to be replaced by the client's text. */
        public boolean templated() {
            return templated;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Step s && type.equals(s.type) && after.equals(s.after) && fields.equals(s.fields)
                    && dataOnly.equals(s.dataOnly);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, after, fields, dataOnly);
        }

        @Override
        public String toString() {
            return "Step[" + type + ", after " + after + ", " + fields + (dataOnly.isEmpty() ? "" : ", data " + dataOnly) + "]";
        }
    }

    /** In string fields, replaced by the text the client sent. */
    public static final String MESSAGE = "{message}";

    private Scenario(String name, String agentName, List<Step> steps) {
        this.name = name;
        this.agentName = agentName;
        this.steps = List.copyOf(steps);
    }

    /** The built-in scenario {@code scenarios/NAME.json} from the fixtures module. */
    public static Scenario named(String name) {
        return parse(Fixtures.scenario(name), "scenario '" + name + "'");
    }

    /** The default scenario: a triage agent answering a cloud-cost question with one tool call. */
    public static Scenario defaultScenario() {
        return DefaultHolder.VALUE;
    }

    /** Read once per JVM, when first asked for: scenarios are immutable. */
    private static final class DefaultHolder {
        static final Scenario VALUE = named("default");
    }

    /** A name from the fixtures, or else a path to a scenario file. */
    public static Scenario resolve(String nameOrFile) {
        if (Fixtures.exists(Fixtures.SCENARIOS, nameOrFile + ".json")) {
            return named(nameOrFile);
        }
        Path path = Path.of(nameOrFile);
        if (Files.isRegularFile(path)) {
            return fromFile(path);
        }
        throw new IllegalArgumentException("expected a scenario name (one of "
                + String.join(", ", Fixtures.names(Fixtures.SCENARIOS)) + ") or a readable file, got '" + nameOrFile + "'");
    }

    /** Reads a scenario file. */
    public static Scenario fromFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), "scenario file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read scenario file " + file, e);
        }
    }

    /**
     * Parses and checks a scenario.
     *
     * @param source names the input in error messages
     * @throws IllegalArgumentException naming the field that is wrong and what was expected
     */
    public static Scenario parse(String json, String source) {
        JsonNode root = Bridge.parseObject(json, source);
        String name = text(root, "name", source);
        String agentName = text(root, "agent_name", source);
        JsonNode events = root.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw new IllegalArgumentException(source + ": events: expected a non-empty array of events");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            steps.add(step(events.get(i), source + ": events[" + i + "]"));
        }
        checkOrder(steps, source);
        return new Scenario(name, agentName, steps);
    }

    private static Step step(JsonNode event, String where) {
        if (!event.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        String type = text(event, "type", where);
        if (!EVENT_TYPES.contains(type)) {
            throw new IllegalArgumentException(where + ".type: expected one of " + EVENT_TYPES + ", got '" + type + "'");
        }
        long afterMs = 0;
        JsonNode after = event.get("after_ms");
        if (after != null) {
            if (!after.canConvertToLong() || after.asLong() < 0) {
                throw new IllegalArgumentException(where + ".after_ms: expected a whole number of milliseconds >= 0, got " + after);
            }
            afterMs = after.asLong();
        }
        for (String field : REQUIRED_TEXT.get(type)) {
            text(event, field, where);
        }
        if (type.equals("tool_executing")) {
            requireObject(event, "parameters", where);
        }
        if (type.equals("tool_completed")) {
            requireObject(event, "results", where);
        }
        ObjectNode fields = ((ObjectNode) event).deepCopy();
        fields.remove("type");
        fields.remove("after_ms");
        JsonNode data = fields.remove("data");
        if (data != null && !data.isObject()) {
            throw new IllegalArgumentException(where + ".data: expected an object of members only the nested data carries, got " + data);
        }
        if (data != null) {
            for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (fields.has(name) || DATA_KEYS.contains(name)) {
                    throw new IllegalArgumentException(where + ".data." + name + ": the nested data has this key already"
                            + (fields.has(name) ? " (the event's own field)" : " (the server writes it)") + "; remove one");
                }
            }
        }
        for (Iterator<String> names = fields.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (ENVELOPE_KEYS.contains(name)) {
                throw new IllegalArgumentException(where + "." + name + ": the server writes this key on every event itself;"
                        + " remove it (keys it owns: " + new java.util.TreeSet<>(ENVELOPE_KEYS) + ")");
            }
        }
        return new Step(type, Duration.ofMillis(afterMs), fields, (ObjectNode) data);
    }

    /** Keys the server writes into the nested {@code data} itself. */
    private static final Set<String> DATA_KEYS = Set.of("sequence", "is_final", "agent_name", "result");

    private static void checkOrder(List<Step> steps, String source) {
        if (!steps.get(0).type().equals("agent_started")) {
            throw new IllegalArgumentException(source + ": events[0].type: expected agent_started first, got " + steps.get(0).type());
        }
        int last = steps.size() - 1;
        String lastType = steps.get(last).type();
        if (!lastType.equals("agent_completed") && !lastType.equals("agent_error")) {
            throw new IllegalArgumentException(source + ": events[" + last + "].type: expected agent_completed or agent_error last, got " + lastType);
        }
        String openTool = null;
        for (int i = 1; i < last; i++) {
            Step s = steps.get(i);
            String where = source + ": events[" + i + "]";
            switch (s.type()) {
                case "agent_started", "agent_completed", "agent_error" ->
                        throw new IllegalArgumentException(where + ".type: " + s.type() + " may only be first or last");
                case "tool_executing" -> {
                    if (openTool != null) {
                        throw new IllegalArgumentException(where + ": tool_executing before " + openTool + " completed");
                    }
                    openTool = s.fields.get("tool_name").asText();
                }
                case "tool_completed" -> {
                    String tool = s.fields.get("tool_name").asText();
                    if (!tool.equals(openTool)) {
                        throw new IllegalArgumentException(where + ".tool_name: expected the completion of "
                                + (openTool == null ? "a started tool (none is running)" : "'" + openTool + "'") + ", got '" + tool + "'");
                    }
                    openTool = null;
                }
                default -> {
                }
            }
        }
        if (openTool != null) {
            throw new IllegalArgumentException(source + ": tool '" + openTool + "' is executing but never completes");
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + field + ": expected a non-empty string, got " + (v == null ? "nothing" : v.toString()));
        }
        return v.asText();
    }

    private static void requireObject(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException(where + "." + field + ": expected an object, got " + (v == null ? "nothing" : v.toString()));
        }
    }

    /** The same events with every pause replaced by {@code pause} (zero for a run as fast as the socket goes). */
    public Scenario withPacing(Duration pause) {
        List<Step> paced = steps.stream().map(s -> new Step(s.type(), s.type().equals("agent_started") ? Duration.ZERO : pause, s.fields, s.dataOnly)).toList();
        return new Scenario(name, agentName, paced);
    }

    /** The scenario's name. */
    public String name() {
        return name;
    }

    /** The {@code agent_name} its events carry unless the request names an agent. */
    public String agentName() {
        return agentName;
    }

    /** The events in order. */
    public List<Step> steps() {
        return steps;
    }

    /** The sum of the pauses: how long a run takes, less the time to send. */
    public Duration totalPacing() {
        return steps.stream().map(Step::after).reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public String toString() {
        return "Scenario[" + name + ", " + steps.size() + " events]";
    }
}
