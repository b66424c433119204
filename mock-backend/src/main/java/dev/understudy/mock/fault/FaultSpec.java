package dev.understudy.mock.fault;

import java.util.List;
import java.util.Objects;

/**
 * A fault with its scope and schedule, a plain value with one JSON form shared by the admin API, {@code --fault},
 * {@code --faults-file} and the preset files (docs/faults.md):
 *
 * <pre>{@code {"fault":"status","code":503,"path":"/health","user":"alice","times":2}}</pre>
 *
 * <p>Fields: {@code fault} (the kind), the kind's own fields ({@link #kinds()} lists them), the scope
 * ({@code path}: a path or a list of them; {@code user}) and the schedule ({@code nth}, {@code times},
 * {@code probability}, {@code seed}, {@code duration_ms}). Errors name the field and what was expected.
 */
public record FaultSpec(Fault fault, Scope scope, Schedule schedule) {

    public FaultSpec {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * One kind of fault as the JSON form and {@code --fault} name it: its name, the phase it strikes, and its own
     * fields (besides scope and schedule), for documentation and its checks.
     */
    public record Kind(String name, Phase phase, List<String> fields) {
        public Kind {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(phase, "phase");
            fields = List.copyOf(fields);
        }
    }

    /** Every kind, as {@code fault} names it, in the order of the phases. */
    public static final List<String> KINDS = kinds().stream().map(Kind::name).toList();

    /** Every kind with its phase and fields, in the order of the phases; immutable. */
    public static List<Kind> kinds() {
        return Codec.kinds();
    }

    /** Parses one fault object. */
    public static FaultSpec parse(String json) {
        List<FaultSpec> specs = Codec.parseAll(json, "fault");
        if (specs.size() != 1) {
            throw new IllegalArgumentException("fault: expected one fault object, got " + specs.size());
        }
        return specs.get(0);
    }

    /** Parses text holding one fault object, an array of them, or a preset object ({@code {"faults":[...]}}). */
    public static List<FaultSpec> parseAll(String json, String source) {
        return Codec.parseAll(json, source);
    }

    /**
     * Parses the command-line form {@code KIND[:key=value,key=value...]}, e.g.
     * {@code status:code=503,path=/health,times=1}; several paths are joined with {@code |}. Each key may be given
     * once. Text starting with <code>{</code> is read as the JSON object the admin API takes instead.
     */
    public static FaultSpec parseFlag(String spec) {
        return Codec.parseFlag(spec);
    }

    /** The fault preset {@code presets/NAME.json} from the fixtures module. */
    public static List<FaultSpec> preset(String name) {
        return Codec.preset(name);
    }

    /** The JSON form of a rule as the server holds it (the spec plus id, chances, hits, active). */
    public static String toJson(FaultRule rule) {
        return Codec.toJson(rule);
    }

    /** The JSON form of this spec. */
    public String toJson() {
        return Codec.toJson(this);
    }
}
