package dev.understudy.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;

/** The kit's one Jackson mapper, shared because it is thread-safe once configured. */
public final class Json {

    /** Shared, never reconfigured after start-up. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Serialises a value; a value Jackson cannot write is a programming error, so it is unchecked. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not write JSON for " + value.getClass().getName(), e);
        }
    }
}
