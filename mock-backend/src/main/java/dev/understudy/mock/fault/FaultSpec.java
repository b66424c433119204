package dev.understudy.mock.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.internal.Json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A fault with its scope and schedule, and its one JSON form, shared by the admin API, {@code --fault},
 * {@code --faults-file} and the preset files:
 *
 * <pre>{@code {"fault":"status","code":503,"path":"/health","user":"alice","times":2}}</pre>
 *
 * <p>Fields: {@code fault} (the kind), the kind's own fields ({@code code}, {@code body}, {@code delay_ms},
 * {@code event}, {@code first}, {@code second}, {@code reason}, {@code error_code}), the scope ({@code path}: a
 * path or a list of them; {@code user}) and the schedule ({@code nth}, {@code times}, {@code probability},
 * {@code seed}, {@code duration_ms}). Errors name the field and what was expected.
 */
public record FaultSpec(Fault fault, Scope scope, Schedule schedule) {

    /** Every kind, as {@code fault} names it. */
    public static final List<String> KINDS = List.of("refuse", "blackhole", "reset", "status", "delay", "hang",
            "close-connection", "no-config", "no-welcome", "delay-welcome", "close", "drop", "stall-after", "omit",
            "duplicate", "reorder", "delay-event", "malformed", "fail-run", "close-after", "drop-after", "no-pong",
            "slow-pong");

    private static final Set<String> KNOWN_FIELDS = Set.of("fault", "code", "body", "delay_ms", "event", "first",
            "second", "reason", "error_code", "path", "user", "nth", "times", "probability", "seed", "duration_ms",
            "description");

    /** Parses one fault object. */
    public static FaultSpec parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a fault object such as {\"fault\":\"status\",\"code\":503}, got "
                    + (node == null ? "nothing" : node.toString()));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN_FIELDS.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown field; expected one of " + new java.util.TreeSet<>(KNOWN_FIELDS));
            }
        }
        String kind = text(node, "fault", true);
        Fault fault = switch (kind) {
            case "refuse" -> Fault.refuse();
            case "blackhole" -> Fault.blackhole();
            case "reset" -> Fault.reset();
            case "status" -> Fault.status(integer(node, "code", true, 0), text(node, "body", false));
            case "delay" -> Fault.delay(millis(node, "delay_ms"));
            case "hang" -> Fault.hang();
            case "close-connection" -> Fault.closeConnection();
            case "no-config" -> Fault.noHealthConfig();
            case "no-welcome" -> Fault.noWelcome();
            case "delay-welcome" -> Fault.delayWelcome(millis(node, "delay_ms"));
            case "close" -> Fault.close(integer(node, "code", true, 0), text(node, "reason", false));
            case "drop" -> Fault.drop();
            case "stall-after" -> Fault.stallAfter(text(node, "event", true));
            case "omit" -> Fault.omit(text(node, "event", true));
            case "duplicate" -> Fault.duplicate(text(node, "event", true));
            case "reorder" -> Fault.reorder(text(node, "first", true), text(node, "second", true));
            case "delay-event" -> Fault.delayEvent(text(node, "event", true), millis(node, "delay_ms"));
            case "malformed" -> Fault.malformed(text(node, "event", true));
            case "fail-run" -> Fault.failRun(text(node, "error_code", true));
            case "close-after" -> Fault.closeAfter(text(node, "event", true), integer(node, "code", false, 1011));
            case "drop-after" -> Fault.dropAfter(text(node, "event", true));
            case "no-pong" -> Fault.noPong();
            case "slow-pong" -> Fault.slowPong(millis(node, "delay_ms"));
            default -> throw new IllegalArgumentException("fault: expected one of " + KINDS + ", got '" + kind + "'");
        };
        return new FaultSpec(fault, scope(node), schedule(node));
    }

    /** Parses text holding one fault object or an array of them. */
    public static List<FaultSpec> parseAll(String json, String source) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(source + ": expected JSON, got text that does not parse (" + e.getMessage() + ")");
        }
        return parseAll(node, source);
    }

    /** Parses one fault object, an array of them, or a preset object ({@code {"faults":[...]}}). */
    public static List<FaultSpec> parseAll(JsonNode node, String source) {
        if (node != null && node.isObject() && node.has("faults")) {
            node = node.get("faults");
        }
        List<FaultSpec> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                try {
                    out.add(parse(node.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": faults[" + i + "]." + e.getMessage(), e);
                }
            }
            return out;
        }
        try {
            out.add(parse(node));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Parses the command-line form {@code KIND[:key=value,key=value...]}, e.g.
     * {@code status:code=503,path=/health,times=1}; several paths are joined with {@code |}. Each key may be given
     * once. Text starting with <code>{</code> is read as the JSON object the admin API takes instead.
     */
    public static FaultSpec parseFlag(String spec) {
        if (spec.strip().startsWith("{")) {
            return parse(Json.parseObject(spec, "the JSON form"));
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        int colon = spec.indexOf(':');
        node.put("fault", (colon < 0 ? spec : spec.substring(0, colon)).strip());
        if (colon >= 0 && colon < spec.length() - 1) {
            for (String pair : spec.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected key=value after '" + node.get("fault").asText() + ":', got '" + pair + "'");
                }
                String key = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                if (node.has(key)) {
                    throw new IllegalArgumentException(key + ": given twice in '" + spec + "'; give each key once"
                            + (key.equals("path") ? " (several paths: path=/a|/b)" : ""));
                }
                if (key.equals("path") && value.contains("|")) {
                    ArrayNode paths = node.putArray("path");
                    for (String p : value.split("\\|")) {
                        paths.add(p.strip());
                    }
                } else if (value.matches("-?\\d+")) {
                    node.put(key, Long.parseLong(value));
                } else if (value.matches("-?\\d*\\.\\d+")) {
                    node.put(key, Double.parseDouble(value));
                } else {
                    node.put(key, value);
                }
            }
        }
        return parse(node);
    }

    /** The fault preset {@code presets/NAME.json} from the fixtures module. */
    public static List<FaultSpec> preset(String name) {
        return parseAll(Fixtures.preset(name), "preset '" + name + "'");
    }

    /** The JSON form of a rule as the server holds it (the spec plus id, chances, hits, active). */
    public static ObjectNode toJson(FaultRule rule) {
        ObjectNode node = toJson(rule.fault(), rule.scope(), rule.schedule());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", rule.id());
        out.setAll(node);
        out.put("chances", rule.chances());
        out.put("hits", rule.hits());
        out.put("active", rule.active());
        out.put("added", rule.added().toString());
        return out;
    }

    /** The JSON form of this spec. */
    public ObjectNode toJson() {
        return toJson(fault, scope, schedule);
    }

    private static ObjectNode toJson(Fault fault, Scope scope, Schedule schedule) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("fault", fault.kind());
        if (fault instanceof Fault.Status s) {
            n.put("code", s.code());
            if (s.body() != null) {
                n.put("body", s.body());
            }
        } else if (fault instanceof Fault.CloseSocket c) {
            n.put("code", c.code());
            n.put("reason", c.reason());
        } else if (fault instanceof Fault.Reorder r) {
            n.put("first", r.first());
            n.put("second", r.second());
        } else if (fault instanceof Fault.FailRun f) {
            n.put("error_code", f.errorCode());
        }
        if (fault instanceof Fault.OnEvent e) {
            n.put("event", e.event());
        }
        if (fault instanceof Fault.Timed t) {
            n.put("delay_ms", t.delay().toMillis());
        }
        if (fault instanceof Fault.CloseAfter c) {
            n.put("code", c.code());
        }
        if (!scope.paths().isEmpty()) {
            ArrayNode paths = n.putArray("path");
            scope.paths().stream().sorted().forEach(paths::add);
        }
        if (scope.user() != null) {
            n.put("user", scope.user());
        }
        if (schedule.nth() > 0) {
            n.put("nth", schedule.nth());
        } else if (schedule.times() > 0) {
            n.put("times", schedule.times());
        }
        if (schedule.probability() < 1) {
            n.put("probability", schedule.probability());
            n.put("seed", schedule.seed());
        }
        if (schedule.duration() != null) {
            n.put("duration_ms", schedule.duration().toMillis());
        }
        return n;
    }

    private static Scope scope(JsonNode node) {
        Set<String> paths = new LinkedHashSet<>();
        JsonNode p = node.get("path");
        if (p != null && !p.isNull()) {
            if (p.isTextual()) {
                paths.add(p.asText());
            } else if (p.isArray()) {
                p.forEach(e -> {
                    if (!e.isTextual()) {
                        throw new IllegalArgumentException("path: expected a path or a list of paths, got " + p);
                    }
                    paths.add(e.asText());
                });
            } else {
                throw new IllegalArgumentException("path: expected a path or a list of paths, got " + p);
            }
        }
        return new Scope(paths, text(node, "user", false));
    }

    private static Schedule schedule(JsonNode node) {
        long nth = integer(node, "nth", false, 0);
        long times = integer(node, "times", false, 0);
        double probability = 1;
        JsonNode pr = node.get("probability");
        if (pr != null) {
            if (!pr.isNumber()) {
                throw new IllegalArgumentException("probability: expected a number in (0, 1], got " + pr);
            }
            probability = pr.asDouble();
        }
        long seed = integer(node, "seed", false, 0);
        Duration duration = node.has("duration_ms") ? millis(node, "duration_ms") : null;
        if (nth > 0 && times > 0) {
            throw new IllegalArgumentException("nth: can't be combined with times (nth strikes once), got both");
        }
        return new Schedule(nth, nth > 0 ? 1 : times, probability, seed, duration);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + ": required, got nothing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + ": expected a string, got " + v);
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field, boolean required, int fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + ": required, got nothing");
            }
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + ": expected a whole number, got " + v);
        }
        return v.asInt();
    }

    private static Duration millis(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || v.asLong() <= 0) {
            throw new IllegalArgumentException(field + ": expected a positive whole number of milliseconds, got "
                    + (v == null ? "nothing" : v.toString()));
        }
        return Duration.ofMillis(v.asLong());
    }
}
