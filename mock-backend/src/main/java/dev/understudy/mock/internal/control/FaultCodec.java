package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.fixtures.Fixtures;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultRule;
import dev.understudy.mock.fault.FaultSpec;
import dev.understudy.mock.fault.Phase;
import dev.understudy.mock.fault.Schedule;
import dev.understudy.mock.fault.Scope;
import dev.understudy.mock.internal.Json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one table of fault kinds: each row says a kind's name (as JSON, {@code --fault} and the presets spell it),
 * its phase, its own fields, how to read it from JSON and how to write it back. The admin API, the command line,
 * the preset files and {@link FaultSpec} all go through it, so a kind is listed once.
 *
 * <pre>{@code {"fault":"status","code":503,"path":"/health","user":"alice","times":2}}</pre>
 */
public final class FaultCodec {

    /** One kind: its name, phase and fields, and the two directions of its JSON form. */
    private record Row<F extends Fault>(String kind, Phase phase, Class<F> type, List<String> fields,
                                        Function<JsonNode, F> read, BiConsumer<F, ObjectNode> write) {
        void writeFields(Fault fault, ObjectNode node) {
            write.accept(type.cast(fault), node);
        }
    }

    private static <F extends Fault> Row<F> row(String kind, Phase phase, Class<F> type, List<String> fields,
                                                Function<JsonNode, F> read, BiConsumer<F, ObjectNode> write) {
        return new Row<>(kind, phase, type, fields, read, write);
    }

    private static <F extends Fault> BiConsumer<F, ObjectNode> none() {
        return (f, n) -> { };
    }

    private static final List<Row<?>> ROWS = List.of(
            row("refuse", Phase.TCP_CONNECT, Fault.Refuse.class, List.of(), n -> new Fault.Refuse(), none()),
            row("blackhole", Phase.TCP_CONNECT, Fault.Blackhole.class, List.of(), n -> new Fault.Blackhole(), none()),
            row("reset", Phase.TCP_CONNECT, Fault.Reset.class, List.of(), n -> new Fault.Reset(), none()),
            row("status", Phase.HTTP_REQUEST, Fault.Status.class, List.of("code", "body"),
                    n -> new Fault.Status(integer(n, "code", true, 0), text(n, "body", false)),
                    (f, n) -> {
                        n.put("code", f.code());
                        if (f.body() != null) {
                            n.put("body", f.body());
                        }
                    }),
            row("delay", Phase.HTTP_REQUEST, Fault.Delay.class, List.of("delay_ms"),
                    n -> new Fault.Delay(millis(n, "delay_ms")), (f, n) -> n.put("delay_ms", f.delay().toMillis())),
            row("hang", Phase.HTTP_REQUEST, Fault.Hang.class, List.of(), n -> new Fault.Hang(), none()),
            row("close-connection", Phase.HTTP_REQUEST, Fault.CloseConnection.class, List.of(),
                    n -> new Fault.CloseConnection(), none()),
            row("no-config", Phase.HTTP_REQUEST, Fault.NoHealthConfig.class, List.of(), n -> new Fault.NoHealthConfig(), none()),
            row("no-welcome", Phase.AFTER_UPGRADE, Fault.NoWelcome.class, List.of(), n -> new Fault.NoWelcome(), none()),
            row("delay-welcome", Phase.AFTER_UPGRADE, Fault.DelayWelcome.class, List.of("delay_ms"),
                    n -> new Fault.DelayWelcome(millis(n, "delay_ms")), (f, n) -> n.put("delay_ms", f.delay().toMillis())),
            row("close", Phase.AFTER_UPGRADE, Fault.CloseSocket.class, List.of("code", "reason"),
                    n -> new Fault.CloseSocket(integer(n, "code", false, 1011), text(n, "reason", false)),
                    (f, n) -> {
                        n.put("code", f.code());
                        n.put("reason", f.reason());
                    }),
            row("drop", Phase.AFTER_UPGRADE, Fault.Drop.class, List.of(), n -> new Fault.Drop(), none()),
            row("stall-after", Phase.RUN, Fault.StallAfter.class, List.of("event"),
                    n -> new Fault.StallAfter(text(n, "event", true)), (f, n) -> n.put("event", f.event())),
            row("omit", Phase.RUN, Fault.Omit.class, List.of("event"),
                    n -> new Fault.Omit(text(n, "event", true)), (f, n) -> n.put("event", f.event())),
            row("duplicate", Phase.RUN, Fault.Duplicate.class, List.of("event"),
                    n -> new Fault.Duplicate(text(n, "event", true)), (f, n) -> n.put("event", f.event())),
            row("reorder", Phase.RUN, Fault.Reorder.class, List.of("first", "second"),
                    n -> new Fault.Reorder(text(n, "first", true), text(n, "second", true)),
                    (f, n) -> {
                        n.put("first", f.first());
                        n.put("second", f.second());
                    }),
            row("delay-event", Phase.RUN, Fault.DelayEvent.class, List.of("event", "delay_ms"),
                    n -> new Fault.DelayEvent(text(n, "event", true), millis(n, "delay_ms")),
                    (f, n) -> {
                        n.put("event", f.event());
                        n.put("delay_ms", f.delay().toMillis());
                    }),
            row("malformed", Phase.RUN, Fault.Malformed.class, List.of("event"),
                    n -> new Fault.Malformed(text(n, "event", true)), (f, n) -> n.put("event", f.event())),
            row("fail-run", Phase.RUN, Fault.FailRun.class, List.of("error_code"),
                    n -> new Fault.FailRun(text(n, "error_code", true)), (f, n) -> n.put("error_code", f.errorCode())),
            row("close-after", Phase.RUN, Fault.CloseAfter.class, List.of("event", "code"),
                    n -> new Fault.CloseAfter(text(n, "event", true), integer(n, "code", false, 1011)),
                    (f, n) -> {
                        n.put("event", f.event());
                        n.put("code", f.code());
                    }),
            row("drop-after", Phase.RUN, Fault.DropAfter.class, List.of("event"),
                    n -> new Fault.DropAfter(text(n, "event", true)), (f, n) -> n.put("event", f.event())),
            row("no-pong", Phase.KEEP_ALIVE, Fault.NoPong.class, List.of(), n -> new Fault.NoPong(), none()),
            row("slow-pong", Phase.KEEP_ALIVE, Fault.SlowPong.class, List.of("delay_ms"),
                    n -> new Fault.SlowPong(millis(n, "delay_ms")), (f, n) -> n.put("delay_ms", f.delay().toMillis())));

    private static final Map<String, Row<?>> BY_KIND = new LinkedHashMap<>();
    private static final List<FaultSpec.Kind> KINDS;
    private static final Set<String> KNOWN_FIELDS = new LinkedHashSet<>(List.of("fault"));

    static {
        List<FaultSpec.Kind> kinds = new ArrayList<>();
        for (Row<?> r : ROWS) {
            BY_KIND.put(r.kind(), r);
            kinds.add(new FaultSpec.Kind(r.kind(), r.phase(), r.fields()));
            KNOWN_FIELDS.addAll(r.fields());
        }
        KNOWN_FIELDS.addAll(List.of("path", "user", "nth", "times", "probability", "seed", "duration_ms", "description"));
        KINDS = List.copyOf(kinds);
    }

    private FaultCodec() {
    }

    /** Every kind, in the table's order. */
    public static List<FaultSpec.Kind> kinds() {
        return KINDS;
    }

    /** Parses one fault object. */
    public static FaultSpec parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a fault object such as {\"fault\":\"status\",\"code\":503}, got "
                    + (node == null ? "nothing" : node.toString()));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN_FIELDS.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown field; expected one of " + new TreeSet<>(KNOWN_FIELDS));
            }
        }
        String kind = text(node, "fault", true);
        Row<?> row = BY_KIND.get(kind);
        if (row == null) {
            throw new IllegalArgumentException("fault: expected one of " + BY_KIND.keySet().stream().toList() + ", got '" + kind + "'");
        }
        return new FaultSpec(row.read().apply(node), scope(node), schedule(node));
    }

    /** Parses text holding one fault object, an array of them, or a preset object ({@code {"faults":[...]}}). */
    public static List<FaultSpec> parseAll(String json, String source) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(source + ": expected JSON, got text that does not parse (" + e.getMessage() + ")");
        }
        return parseAll(node, source);
    }

    private static List<FaultSpec> parseAll(JsonNode node, String source) {
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
     * {@code status:code=503,path=/health,times=1}; several paths are joined with {@code |}.
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

    /** The JSON form of a fault alone: its kind and fields, no scope or schedule. */
    public static ObjectNode toJson(Fault fault) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("fault", fault.kind());
        Row<?> row = BY_KIND.get(fault.kind());
        if (row != null) {
            row.writeFields(fault, n);
        }
        return n;
    }

    /** The JSON form of a spec. */
    public static ObjectNode toJson(FaultSpec spec) {
        return toJson(spec.fault(), spec.scope(), spec.schedule());
    }

    private static ObjectNode toJson(Fault fault, Scope scope, Schedule schedule) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("fault", fault.kind());
        Row<?> row = BY_KIND.get(fault.kind());
        if (row == null) {
            throw new IllegalStateException("No codec row for fault kind '" + fault.kind() + "': add one to FaultCodec");
        }
        row.writeFields(fault, n);
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
