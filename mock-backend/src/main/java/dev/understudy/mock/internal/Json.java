package dev.understudy.mock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;


/** The server's one Jackson mapper and the few JSON helpers every handler shares. */
public final class Json {

    /** Shared, thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Serializes a node or value; Jackson cannot fail on trees and maps of plain values. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Parses text that must hold a JSON object.
     *
     * @param what names the input in the error message, e.g. "scenario file x.json"
     * @throws IllegalArgumentException naming what was expected and what came
     */
    public static JsonNode parseObject(String text, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": expected a JSON object, but it is not valid JSON: "
                    + problem(e), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + ": expected a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        return node;
    }

    /**
     * A parse failure in plain words, where it is and what went wrong ({@code line 2, column 7: unexpected
     * character '}'}), without the parser's own vocabulary (source descriptions, character codes, feature names).
     */
    public static String problem(Exception e) {
        if (!(e instanceof com.fasterxml.jackson.core.JsonProcessingException jp)) {
            return e.getMessage();
        }
        String what = jp.getOriginalMessage() == null ? "not valid JSON" : jp.getOriginalMessage().split("\n")[0];
        what = what.replaceAll(" \\(code -?\\d+\\)", "").replaceAll("\\s*\\(for [^)]*\\)", "");
        if (what.startsWith("Unexpected end-of-input")) {
            what = "the text ends before the JSON value does";
        } else if (what.startsWith("Unexpected character ")) {
            what = "unexpected character " + what.substring("Unexpected character ".length()).replaceFirst("^\\((.*?)\\):", "$1:");
        } else if (what.startsWith("Unrecognized token ")) {
            what = "unknown word " + what.substring("Unrecognized token ".length());
        } else if (what.startsWith("Unexpected close marker")) {
            what = "a closing bracket that closes nothing open";
        }
        com.fasterxml.jackson.core.JsonLocation at = jp.getLocation();
        return at == null || at.getLineNr() < 0 ? what : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
    }
}
