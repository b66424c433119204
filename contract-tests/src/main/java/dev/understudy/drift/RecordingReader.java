package dev.understudy.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.client.Frame;
import dev.understudy.client.StreamJudge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The drift probes' observations read from a recording made earlier (docs/recording.md): the first answer of each
 * probed path, the first admitted WebSocket session with an agent run, the first session a bad token was turned
 * away on. What the recording lacks stays unobserved and is not compared.
 */
final class RecordingReader {

    private static final Set<String> RUN_TYPES = Set.of("user_message", "message", "chat_message", "chat",
            "start_agent", "execute_agent", "agent_request");

    private RecordingReader() {
    }

    static Observation read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--recording: expected a folder that --record-out wrote, got '" + dir + "'");
        }
        List<JsonNode> sessions = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode n = Probe.parse(Files.readString(p, StandardCharsets.UTF_8));
                if (n == null || !"understudy-recording".equals(n.path("format").asText())) {
                    throw new IllegalArgumentException("--recording: " + p.getFileName()
                            + ": expected \"format\": \"understudy-recording\" (a file --record-out wrote)");
                }
                sessions.add(n);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--recording: could not read '" + dir + "': " + e.getMessage(), e);
        }
        if (sessions.isEmpty()) {
            throw new IllegalArgumentException("--recording: '" + dir + "' holds no session files");
        }
        Observation o = new Observation("recording " + dir);
        for (JsonNode s : sessions) {
            if ("http".equals(s.path("kind").asText()) && s.has("response")) {
                String key = s.at("/request/method").asText() + " " + s.at("/request/path").asText();
                boolean probed = Probe.HTTP_PATHS.stream().anyMatch(p -> key.equals("GET " + p)) || key.equals("POST " + Probe.TEST_AUTH);
                if (probed && !o.http.containsKey(key)) {
                    o.http.put(key, new Observation.Answer(s.at("/response/status").asInt(), Probe.parse(s.at("/response/body").asText())));
                }
            }
        }
        for (JsonNode s : sessions) {
            if ("ws".equals(s.path("kind").asText()) && o.rejection == null) {
                rejection(s, o);
            }
        }
        for (JsonNode s : sessions) {
            if ("ws".equals(s.path("kind").asText()) && s.at("/handshake/status").asInt() == 101 && admittedRun(s, o)) {
                break;
            }
        }
        return o;
    }

    /** A session turned away: refused before the upgrade, or upgraded then closed 1008 before any agent event. */
    private static void rejection(JsonNode s, Observation o) {
        int status = s.at("/handshake/status").asInt();
        if (status != 101 && status != 502 && status != 0) {
            o.rejection = new Observation.Rejection(status, null, null);
            return;
        }
        if (status != 101) {
            return;
        }
        String first = null;
        for (JsonNode f : s.path("frames")) {
            if (!"upstream".equals(f.path("from").asText())) {
                continue;
            }
            if ("text".equals(f.path("kind").asText())) {
                if (first == null) {
                    first = Frame.of(f.path("text").asText()).type();
                }
                if (StreamJudge.isEvent(Frame.of(f.path("text").asText()))) {
                    return;
                }
            } else if ("close".equals(f.path("kind").asText()) && f.path("code").asInt() == 1008) {
                o.rejection = new Observation.Rejection(101, 1008, first);
                return;
            }
        }
    }

    private static boolean admittedRun(JsonNode s, Observation o) {
        JsonNode welcome = null;
        List<String> events = new ArrayList<>();
        boolean asked = false;
        Integer echo = null;
        boolean clientClosed = false;
        for (JsonNode f : s.path("frames")) {
            String from = f.path("from").asText();
            String kind = f.path("kind").asText();
            if (kind.equals("close")) {
                if (from.equals("client")) {
                    clientClosed = true;
                } else if (clientClosed && echo == null) {
                    echo = f.path("code").asInt();
                }
                continue;
            }
            if (!kind.equals("text")) {
                continue;
            }
            String text = f.path("text").asText();
            Frame frame = Frame.of(text);
            if (from.equals("upstream") && welcome == null) {
                welcome = frame.node();
                continue;
            }
            if (from.equals("client") && !asked && frame.isJson() && RUN_TYPES.contains(frame.type())) {
                asked = true;
            } else if (from.equals("upstream") && asked && StreamJudge.isEvent(frame) && !terminated(events)) {
                events.add(text);
            }
        }
        if (events.isEmpty()) {
            return false;
        }
        o.subprotocol = s.at("/handshake/subprotocol").isTextual() ? s.at("/handshake/subprotocol").asText() : "";
        o.welcome = welcome;
        o.eventFrames = events;
        o.runObserved = true;
        o.closeEcho = echo;
        return true;
    }

    private static boolean terminated(List<String> events) {
        if (events.isEmpty()) {
            return false;
        }
        String last = Frame.of(events.get(events.size() - 1)).type();
        return last.equals("agent_completed") || last.equals("agent_error");
    }
}
