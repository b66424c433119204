package dev.understudy.mock;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The one lookup of an enum constant by its wire name, shared by the vocabulary enums. */
final class WireNames {

    private WireNames() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String name, Function<E, String> wireName) {
        for (E e : type.getEnumConstants()) {
            if (wireName.apply(e).equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("expected one of " + names(type, wireName) + ", got '" + name + "'");
    }

    static <E extends Enum<E>> String names(Class<E> type, Function<E, String> wireName) {
        return Arrays.stream(type.getEnumConstants()).map(wireName).collect(Collectors.joining("|"));
    }
}
