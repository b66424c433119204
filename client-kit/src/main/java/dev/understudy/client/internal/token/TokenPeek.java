package dev.understudy.client.internal.token;

import dev.understudy.client.internal.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Base64;
import java.util.Optional;

/** Reads a JWT's claims without verifying it: the client only wants to know whose token it holds. */
public final class TokenPeek {

    private TokenPeek() {
    }

    /** The {@code sub} claim, if the token is a JWT with one. */
    public static Optional<String> subject(String token) {
        return claims(token).map(claims -> claims.path("sub")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** The payload of a compact JWT, if it is one. */
    public static Optional<JsonNode> claims(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            JsonNode node = Json.MAPPER.readTree(payload);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
