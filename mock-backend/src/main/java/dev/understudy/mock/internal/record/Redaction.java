package dev.understudy.mock.internal.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.understudy.mock.internal.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a recording must never keep (docs/recording.md "Redaction"): credential headers, token-carrying subprotocol
 * entries and query parameters, token-named JSON members, and anything shaped like a JWT (raw or base64url-encoded,
 * as the {@code jwt.} subprotocol carries it) wherever it appears.
 */
final class Redaction {

    static final String REDACTED = "<redacted>";

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "x-e2e-bypass-key",
            "cookie", "set-cookie", "x-api-key");
    /** A JWT: its header is always a JSON object, so base64url of {@code {"}. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    /** A JWT base64url-encoded once more (the {@code jwt.<base64url token>} subprotocol): base64 of {@code eyJ}. */
    private static final Pattern ENCODED_JWT = Pattern.compile("ZXlK[A-Za-z0-9_-]{16,}=*");
    private static final Pattern QUERY_SECRET = Pattern.compile("(?i)((?:^|&)[^=&]*(?:token|key|secret|password)[^=&]*=)[^&]*");
    private static final List<String> TOKEN_ENTRY_PREFIXES = List.of("jwt.", "jwt-auth.", "bearer.");

    private Redaction() {
    }

    /** A header's values as kept: credential headers blanked, token subprotocol entries and JWTs cut out. */
    static List<String> header(String name, List<String> values) {
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (SECRET_HEADERS.contains(lower)) {
                int space = v.indexOf(' ');
                out.add(lower.endsWith("authorization") && space > 0 ? v.substring(0, space) + " " + REDACTED : REDACTED);
            } else if (lower.equals("sec-websocket-protocol")) {
                List<String> entries = new ArrayList<>();
                for (String e : v.split(",")) {
                    entries.add(subprotocol(e.strip()));
                }
                out.add(String.join(", ", entries));
            } else {
                out.add(text(v));
            }
        }
        return out;
    }

    static Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, header(k, v)));
        return out;
    }

    /** A subprotocol entry as kept: {@code jwt.<redacted>} for one that carries a token. */
    static String subprotocol(String entry) {
        for (String prefix : TOKEN_ENTRY_PREFIXES) {
            if (entry.startsWith(prefix) && entry.length() > prefix.length()) {
                return prefix + REDACTED;
            }
        }
        return text(entry);
    }

    /** A query string with every token/key/secret/password parameter's value redacted. */
    static String query(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        return text(QUERY_SECRET.matcher(query).replaceAll("$1" + REDACTED));
    }

    /** Free text with every JWT-shaped run cut out. */
    static String text(String text) {
        if (text == null) {
            return null;
        }
        String once = JWT.matcher(text).replaceAll(REDACTED);
        return ENCODED_JWT.matcher(once).replaceAll(REDACTED);
    }

    /**
     * A body or frame as kept: JSON has every string member whose name says token, key, secret or password
     * redacted (test-auth's {@code access_token} and {@code refresh_token}), then JWT-shaped text anywhere.
     */
    static String payload(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                JsonNode node = Json.MAPPER.readTree(text);
                if (node != null && node.isContainerNode()) {
                    scrub(node);
                    return text(Json.MAPPER.writeValueAsString(node));
                }
            } catch (java.io.IOException notJson) {
                // kept as text, with JWT-shaped runs cut out below
            }
        }
        return text(text);
    }

    private static void scrub(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && secretName(e.getKey())) {
                    e.setValue(TextNode.valueOf(REDACTED));
                } else {
                    scrub(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(Redaction::scrub);
        }
    }

    private static boolean secretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("token") || n.contains("secret") || n.contains("password") || n.endsWith("key")
                || n.equals("authorization");
    }
}
