package dev.understudy.mock.fault;

import dev.understudy.mock.internal.control.FaultCodec;

import java.util.List;

/**
 * The door from this public package to the server's one codec table: package-private, so no public type names
 * an internal one.
 */
final class Codec {

    private Codec() {
    }

    static List<FaultSpec.Kind> kinds() {
        return FaultCodec.kinds();
    }

    static List<FaultSpec> parseAll(String json, String source) {
        return FaultCodec.parseAll(json, source);
    }

    static FaultSpec parseFlag(String spec) {
        return FaultCodec.parseFlag(spec);
    }

    static List<FaultSpec> preset(String name) {
        return FaultCodec.preset(name);
    }

    static String toJson(FaultRule rule) {
        return FaultCodec.toJson(rule).toString();
    }

    static String toJson(FaultSpec spec) {
        return FaultCodec.toJson(spec).toString();
    }
}
