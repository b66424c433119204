package dev.understudy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.understudy.client.internal.Json;

import java.util.Objects;
import java.util.Optional;

/**
 * One frame the client received: its raw text, its JSON (or why it is not JSON) and when it arrived.
 *
 * @param raw        the text exactly as received (for a binary frame, a note saying so)
 * @param node       the parsed JSON, or {@link MissingNode} when the text is not JSON
 * @param parseError why the text is not JSON, empty when it is
 * @param receivedAt {@link System#nanoTime()} at arrival
 */
public record Frame(String raw, JsonNode node, Optional<String> parseError, long receivedAt) {

    public Frame {
        Objects.requireNonNull(raw, "raw");
        node = node == null ? MissingNode.getInstance() : node;
        parseError = parseError == null ? Optional.empty() : parseError;
    }

    /** Parses {@code raw} into a frame received now; never fails (a parse error is kept in the frame). */
    public static Frame of(String raw) {
        return of(raw, System.nanoTime());
    }

    /** Parses {@code raw} into a frame received at {@code receivedAt} (nanoTime). */
    public static Frame of(String raw, long receivedAt) {
        Objects.requireNonNull(raw, "raw");
        try {
            JsonNode node = Json.MAPPER.readTree(raw);
            if (node == null) {
                return new Frame(raw, null, Optional.of("empty text"), receivedAt);
            }
            return new Frame(raw, node, Optional.empty(), receivedAt);
        } catch (Exception e) {
            return new Frame(raw, null, Optional.of(firstLine(e.getMessage())), receivedAt);
        }
    }

    /** A frame for a JSON value built in code (tests), received now. */
    public static Frame of(JsonNode node) {
        return new Frame(Json.write(node), node, Optional.empty(), System.nanoTime());
    }

    /** A note standing for a binary frame, which the contract never sends to clients. */
    public static Frame binary(int length, long receivedAt) {
        return new Frame("<binary frame of " + length + " bytes>", null,
                Optional.of("binary frame of " + length + " bytes, not text"), receivedAt);
    }

    /** Whether the text parsed as JSON. */
    public boolean isJson() {
        return parseError.isEmpty();
    }

    /** The {@code type} field when it is a string, else "". */
    public String type() {
        JsonNode type = node.path("type");
        return type.isTextual() ? type.asText() : "";
    }

    /**
     * A string field: the top-level one, or failing that the one under {@code data} (the nested form); "" when
     * neither is a string.
     */
    public String text(String field) {
        JsonNode flat = node.path(field);
        if (flat.isTextual()) {
            return flat.asText();
        }
        JsonNode nested = node.path("data").path(field);
        return nested.isTextual() ? nested.asText() : "";
    }

    @Override
    public String toString() {
        return raw;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
