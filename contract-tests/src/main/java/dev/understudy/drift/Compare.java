package dev.understudy.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.client.Frame;
import dev.understudy.client.RunExpectation;
import dev.understudy.client.StreamJudge;
import dev.understudy.client.Violation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Compares two observations part by part; each difference becomes one {@link Difference}. */
final class Compare {

    static final String SCENARIO_HINT = "a scenario: record staging, derive one with scenario-from, run the mock with --scenario FILE";
    private static final Set<String> WELCOME_FORMS = Set.of("system_message", "connection_established");
    private static final Map<String, String> WS_CONFIG_SETTINGS = Map.of(
            "websocket_config.heartbeat_interval", "websocket_heartbeat_interval",
            "websocket_config.connection_timeout", "websocket_connection_timeout",
            "websocket_config.max_message_size", "max_message_size");

    final List<Difference> differences = new ArrayList<>();
    final List<String> notCompared = new ArrayList<>();

    static Compare of(Observation staging, Observation mock) {
        Compare c = new Compare();
        c.http(staging, mock);
        c.handshake(staging, mock);
        c.stream(staging, mock);
        return c;
    }

    private void add(String where, String staging, String mock, String setting) {
        differences.add(new Difference(where, staging, mock, setting));
    }

    private void http(Observation s, Observation m) {
        Set<String> keys = new java.util.LinkedHashSet<>(s.http.keySet());
        keys.addAll(m.http.keySet());
        for (String key : keys) {
            Observation.Answer a = s.http.get(key);
            Observation.Answer b = m.http.get(key);
            if (a == null || b == null) {
                notCompared.add(key + ": only " + (a == null ? m.label : s.label) + " has it");
                continue;
            }
            if (a.status() != b.status()) {
                add(key, "answered " + a.status(), "answers " + b.status(), null);
                continue;
            }
            if (a.body() == null || b.body() == null) {
                if ((a.body() == null) != (b.body() == null)) {
                    add(key + " body", a.body() == null ? "not JSON" : "JSON", b.body() == null ? "not JSON" : "JSON", null);
                }
                continue;
            }
            boolean health = key.equals("GET /health") || key.equals("GET /api/health");
            boolean wsConfig = key.equals("GET /ws/config");
            shapes(key + " ", a.body(), b.body(), path -> {
                if (health && path.startsWith("config.")) {
                    String k = path.substring("config.".length());
                    return "a settings file (--settings) with \"" + k + "\": " + a.body().at("/config/" + k);
                }
                if (wsConfig && WS_CONFIG_SETTINGS.containsKey(path)) {
                    return "a settings file (--settings) with \"" + WS_CONFIG_SETTINGS.get(path) + "\": \""
                            + a.body().at("/" + path.replace('.', '/')).asText() + "\"";
                }
                return null;
            }, path -> health && path.equals("config") ? "--no-health-config" : null);
        }
    }

    /**
     * Field by field: presence and JSON type everywhere; values too where {@code valueHint} names a setting for the
     * path. A field missing on one side is one line, its children none.
     */
    private void shapes(String where, JsonNode staging, JsonNode mock, java.util.function.Function<String, String> valueHint,
                        java.util.function.Function<String, String> missingHint) {
        Map<String, JsonNode> a = flatten(staging);
        Map<String, JsonNode> b = flatten(mock);
        Set<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        List<String> gone = new ArrayList<>();
        for (String p : paths) {
            if (gone.stream().anyMatch(g -> p.startsWith(g + "."))) {
                continue;
            }
            JsonNode x = a.get(p);
            JsonNode y = b.get(p);
            if (x == null || y == null) {
                gone.add(p);
                String hint = x == null ? missingHint.apply(p) : null;
                add(where + "." + p, x == null ? "has no such field" : "has it (" + type(x) + ")",
                        y == null ? "has no such field" : "has it (" + type(y) + ")", hint);
            } else if (!type(x).equals(type(y))) {
                gone.add(p);
                add(where + "." + p, type(x), type(y), null);
            } else if (!x.isContainerNode()) {
                String hint = valueHint.apply(p);
                if (hint != null && !x.equals(y)) {
                    add(where + "." + p, x.toString(), y.toString(), hint);
                }
            }
        }
    }

    private void handshake(Observation s, Observation m) {
        if (s.subprotocol != null && m.subprotocol != null && !s.subprotocol.equals(m.subprotocol)) {
            add("handshake subprotocol", quoted(s.subprotocol), quoted(m.subprotocol), null);
        } else if (s.subprotocol == null || m.subprotocol == null) {
            notCompared.add("handshake: no admitted WebSocket session in " + (s.subprotocol == null ? s.label : m.label));
        }
        if (s.rejection != null && m.rejection != null) {
            if (!s.rejection.describe().equals(m.rejection.describe())) {
                String setting = null;
                if (s.rejection.status() == 101 && Objects.equals(s.rejection.closeCode(), 1008) && m.rejection.status() != 101) {
                    setting = "--auth close-1008";
                } else if (s.rejection.status() == 403 && m.rejection.status() == 101) {
                    setting = "--auth reject";
                }
                add("bad token", "rejected it with " + s.rejection.describe(), "rejects it with " + m.rejection.describe(), setting);
            }
        } else {
            notCompared.add("bad token: no rejected session in " + (s.rejection == null ? s.label : m.label));
        }
        if (s.welcome != null && m.welcome != null) {
            String ts = s.welcome.path("type").asText();
            String tm = m.welcome.path("type").asText();
            if (!ts.equals(tm)) {
                add("welcome type", quoted(ts), quoted(tm), WELCOME_FORMS.contains(ts) ? "--welcome " + ts : null);
            } else {
                shapes("welcome ", s.welcome, m.welcome, p -> null, p -> null);
            }
        }
        if (s.closeEcho != null && m.closeEcho != null && !s.closeEcho.equals(m.closeEcho)) {
            add("close", "answered the client's close 1000 with " + s.closeEcho, "answers it with " + m.closeEcho, null);
        }
    }

    private void stream(Observation s, Observation m) {
        if (!s.runObserved || !m.runObserved) {
            notCompared.add("stream: no agent run in " + (!s.runObserved ? s.label : m.label));
            return;
        }
        List<Frame> fs = s.eventFrames.stream().map(Frame::of).toList();
        List<Frame> fm = m.eventFrames.stream().map(Frame::of).toList();
        List<String> ts = fs.stream().map(Frame::type).toList();
        List<String> tm = fm.stream().map(Frame::type).toList();
        if (!ts.equals(tm)) {
            add("stream order", String.join(", ", ts), String.join(", ", tm), SCENARIO_HINT);
        }
        String lastS = ts.isEmpty() ? "none" : ts.get(ts.size() - 1);
        String lastM = tm.isEmpty() ? "none" : tm.get(tm.size() - 1);
        if (!lastS.equals(lastM)) {
            add("stream terminal event", lastS, lastM, SCENARIO_HINT);
        }
        Set<String> rs = rules(fs);
        Set<String> rm = rules(fm);
        if (!rs.equals(rm)) {
            add("stream grammar (the stream judge's rules)", rs.isEmpty() ? "breaks none" : "breaks " + rs,
                    rm.isEmpty() ? "breaks none" : "breaks " + rm, rs.isEmpty() ? null : SCENARIO_HINT);
        }
        Map<String, Map<String, String>> ks = fields(fs);
        Map<String, Map<String, String>> km = fields(fm);
        for (Map.Entry<String, Map<String, String>> e : ks.entrySet()) {
            Map<String, String> other = km.get(e.getKey());
            if (other == null) {
                continue;
            }
            Set<String> names = new TreeSet<>(e.getValue().keySet());
            names.addAll(other.keySet());
            for (String name : names) {
                String a = e.getValue().get(name);
                String b = other.get(name);
                if (!Objects.equals(a, b)) {
                    add("stream " + e.getKey() + "." + name, a == null ? "has no such field" : a,
                            b == null ? "has no such field" : b, SCENARIO_HINT);
                }
            }
        }
    }

    private static Set<String> rules(List<Frame> frames) {
        Set<String> out = new TreeSet<>();
        for (Violation v : StreamJudge.judge(frames, RunExpectation.contractOnly())) {
            out.add(v.rule().id());
        }
        return out;
    }

    /** Per event type, per field: its JSON type and where it is (flat, data, or both). */
    private static Map<String, Map<String, String>> fields(List<Frame> frames) {
        Map<String, Map<String, Set<String>>> flat = new TreeMap<>();
        Map<String, Map<String, Set<String>>> data = new TreeMap<>();
        for (Frame f : frames) {
            if (!f.isJson()) {
                continue;
            }
            collect(flat.computeIfAbsent(f.type(), k -> new TreeMap<>()), f.node(), true);
            collect(data.computeIfAbsent(f.type(), k -> new TreeMap<>()), f.node().path("data"), false);
        }
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String type : flat.keySet()) {
            Map<String, Set<String>> a = flat.get(type);
            Map<String, Set<String>> b = data.getOrDefault(type, Map.of());
            Set<String> names = new TreeSet<>(a.keySet());
            names.addAll(b.keySet());
            Map<String, String> byName = new LinkedHashMap<>();
            for (String n : names) {
                Set<String> types = new TreeSet<>();
                types.addAll(a.getOrDefault(n, Set.of()));
                types.addAll(b.getOrDefault(n, Set.of()));
                String where = a.containsKey(n) && b.containsKey(n) ? "flat and data" : a.containsKey(n) ? "flat" : "data";
                byName.put(n, String.join("|", types) + " (" + where + ")");
            }
            out.put(type, byName);
        }
        return out;
    }

    private static void collect(Map<String, Set<String>> into, JsonNode node, boolean skipData) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (skipData && e.getKey().equals("data")) {
                continue;
            }
            into.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(type(e.getValue()));
        }
    }

    /** Every member path of an object, nested objects included (arrays are leaves). */
    static Map<String, JsonNode> flatten(JsonNode node) {
        Map<String, JsonNode> out = new TreeMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            out.put(p, e.getValue());
            flatten(p, e.getValue(), out);
        }
    }

    static String type(JsonNode n) {
        if (n.isTextual()) {
            return "string";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        if (n.isNull()) {
            return "null";
        }
        return n.isArray() ? "array" : "object";
    }

    private static String quoted(String s) {
        return s.isEmpty() ? "none" : "\"" + s + "\"";
    }
}
