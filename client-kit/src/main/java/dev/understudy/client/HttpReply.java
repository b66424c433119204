package dev.understudy.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.client.internal.Json;
import dev.understudy.client.internal.Texts;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP answer: status, headers (names in lower case) and body text.
 *
 * <p>Any status is a reply, not a failure: a 404 or a 503 from {@code /health} is something a test asserts on.
 */
public record HttpReply(int status, Map<String, List<String>> headers, String body) {

    public HttpReply {
        Map<String, List<String>> lower = new TreeMap<>();
        Objects.requireNonNull(headers, "headers").forEach((name, values) ->
                lower.merge(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values), (a, b) -> {
                    List<String> both = new java.util.ArrayList<>(a);
                    both.addAll(b);
                    return List.copyOf(both);
                }));
        headers = java.util.Collections.unmodifiableMap(lower);
        body = body == null ? "" : body;
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * The body as JSON.
     *
     * @throws IllegalStateException naming the status and the start of the body when it is not JSON
     */
    public JsonNode json() {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IllegalStateException("Expected a JSON body, got an empty one (HTTP " + status + ")");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Expected a JSON body, got HTTP " + status + " with "
                    + header("content-type").orElse("no content type") + ": " + Texts.clip(body), e);
        }
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + Texts.clip(body);
    }
}
