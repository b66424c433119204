package dev.understudy.mock.internal.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.Scenario;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.run.RunPlayer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code scenario-from}: the first agent run of a recording (docs/recording.md) as a scenario in the fixtures'
 * format: each recorded event's own fields as they were, what only its nested {@code data} carried in the step's
 * {@code data}, the recorded ids left out (the replay's come from the new request and token), and the recorded
 * pauses kept or dropped.
 */
public final class ScenarioDeriver {

    /** Keys the mock writes itself into every event's nested data. */
    private static final Set<String> MOCK_DATA_KEYS = Set.of("sequence", "is_final", "agent_name", "result");
    private static final Set<String> TERMINAL = Set.of("agent_completed", "agent_error");

    /** The scenario and what it came from. */
    public record Derived(String json, Path session, int events, long pacingMs, String welcomeType, List<String> notes) {
    }

    private ScenarioDeriver() {
    }

    /**
     * @param recording a recording folder or one session file
     * @param keepPace  true for the recorded pauses, false for none
     * @throws IllegalArgumentException saying what the recording lacks or why its run is not a valid scenario
     */
    public static Derived derive(Path recording, boolean keepPace) {
        List<Path> files = sessionFiles(recording);
        List<String> looked = new ArrayList<>();
        for (Path file : files) {
            JsonNode session = read(file);
            if (!"ws".equals(session.path("kind").asText())) {
                continue;
            }
            looked.add(file.getFileName().toString());
            Derived d = fromSession(file, session, keepPace);
            if (d != null) {
                return d;
            }
        }
        throw new IllegalArgumentException(recording + ": no WebSocket session with an agent run (a client's run request"
                + " followed by agent_started ... agent_completed or agent_error); looked at "
                + (looked.isEmpty() ? "no WebSocket session files" : String.join(", ", looked)));
    }

    private static Derived fromSession(Path file, JsonNode session, boolean keepPace) {
        double requestAt = -1;
        double previous = 0;
        String welcome = null;
        List<String> notes = new ArrayList<>();
        ArrayNode events = Json.MAPPER.createArrayNode();
        String agentName = null;
        long total = 0;
        for (JsonNode frame : session.path("frames")) {
            if (!"text".equals(frame.path("kind").asText())) {
                continue;
            }
            JsonNode body = parse(frame.path("text").asText());
            if (body == null || !body.path("type").isTextual()) {
                continue;
            }
            String type = body.path("type").asText();
            boolean fromClient = "client".equals(frame.path("from").asText());
            if (!fromClient && welcome == null) {
                welcome = type;
            }
            if (fromClient && requestAt < 0 && RunPlayer.RUN_TYPES.contains(type)) {
                requestAt = frame.path("at_ms").asDouble();
                previous = requestAt;
                continue;
            }
            if (fromClient || requestAt < 0 || !Scenario.EVENT_TYPES.contains(type)) {
                continue;
            }
            double at = frame.path("at_ms").asDouble();
            long after = keepPace ? Math.max(0, Math.round(at - previous)) : 0;
            previous = at;
            total += after;
            if (agentName == null && body.path("agent_name").isTextual()) {
                agentName = body.path("agent_name").asText();
            }
            events.add(step(type, after, (ObjectNode) body, notes));
            if (TERMINAL.contains(type)) {
                break;
            }
        }
        if (events.isEmpty()) {
            return null;
        }
        ObjectNode root = Json.object();
        root.put("name", "recorded");
        root.put("description", "Derived by scenario-from from " + file.getFileName() + " ("
                + (keepPace ? "recorded pacing" : "no pacing") + ")");
        root.put("agent_name", agentName == null || agentName.isBlank() ? "recorded_agent" : agentName);
        root.set("events", events);
        String json;
        try {
            json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            Scenario.parse(json, "the run recorded in " + file.getFileName());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the recorded run cannot be played as a scenario: " + e.getMessage(), e);
        }
        return new Derived(json, file, events.size(), total, welcome, List.copyOf(notes));
    }

    private static ObjectNode step(String type, long after, ObjectNode event, List<String> notes) {
        ObjectNode step = Json.object();
        step.put("type", type);
        step.put("after_ms", after);
        for (Iterator<Map.Entry<String, JsonNode>> it = event.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!Scenario.ENVELOPE_KEYS.contains(f.getKey())) {
                step.set(f.getKey(), f.getValue());
            }
        }
        JsonNode data = event.get("data");
        if (data != null && data.isObject()) {
            ObjectNode only = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = data.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String k = f.getKey();
                if (step.has(k) || MOCK_DATA_KEYS.contains(k)) {
                    continue;
                }
                if (Scenario.ENVELOPE_KEYS.contains(k) || k.equals("type") || k.equals("after_ms")) {
                    notes.add(type + ": data." + k + " left out (the server writes " + k + " itself)");
                    continue;
                }
                only.set(k, f.getValue());
            }
            if (!only.isEmpty()) {
                step.set("data", only);
            }
        }
        return step;
    }

    private static List<Path> sessionFiles(Path recording) {
        if (Files.isRegularFile(recording)) {
            return List.of(recording);
        }
        if (!Files.isDirectory(recording)) {
            throw new IllegalArgumentException("expected a recording folder or session file, got '" + recording + "'");
        }
        try (Stream<Path> s = Files.list(recording)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("could not list the recording folder '" + recording + "': " + e.getMessage(), e);
        }
    }

    /** One session file, checked to be a recording. */
    static JsonNode read(Path file) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": expected a recording session file (JSON), could not read it: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (n == null || !SessionFiles.FORMAT.equals(n.path("format").asText())) {
            throw new IllegalArgumentException(file + ": expected \"format\": \"" + SessionFiles.FORMAT + "\" (a file --record-out wrote)");
        }
        return n;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
