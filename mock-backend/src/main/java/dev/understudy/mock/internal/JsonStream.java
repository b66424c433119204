package dev.understudy.mock.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jackson's streaming layer alone, for what the server does before databind has loaded: the health answers,
 * the error bodies and the settings fixture. Cold, {@code ObjectMapper} costs ~150 ms of class loading; this
 * costs a few.
 */
public final class JsonStream {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonStream() {
    }

    /** Something that writes one JSON value. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /** The text a writer produces. */
    public static String write(Writer writer) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write JSON", e);
        }
        return out.toString();
    }

    /** {@code {"detail": "..."}}. */
    public static String detail(String detail) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("detail", detail);
            g.writeEndObject();
        });
    }

    /**
     * Reads a flat JSON object of scalars (strings or numbers) as text values.
     *
     * @throws IllegalArgumentException naming {@code what}, the field and what was expected
     */
    public static Map<String, String> flatObject(String json, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(what + ": expected a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (!value.isScalarValue()) {
                    throw new IllegalArgumentException(what + ": " + field + ": expected a string or a number, got "
                            + (value == JsonToken.START_OBJECT ? "an object" : "an array"));
                }
                out.put(field, p.getValueAsString());
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException(what + ": expected one JSON object, got more after it");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": expected a JSON object, but it is not valid JSON: " + Json.problem(e), e);
        }
        return out;
    }
}
