package dev.understudy.mock.internal.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;

/**
 * Finds the token in a WebSocket upgrade request (docs/contract.md §2); the handshake picks the subprotocol to
 * answer with {@link #answer(String[])}.
 */
public final class TokenExtractor {

    /** The subprotocol the server prefers when the client offers it. */
    public static final String JWT_AUTH = "jwt-auth";

    private TokenExtractor() {
    }

    /** Where the token came from, for the journal and for error messages. */
    public enum Source { SUBPROTOCOL, HEADER, QUERY, NONE }

    /** What the request offered: the token (or null), where it came from, and every subprotocol entry. */
    public record Offer(String token, Source source, List<String> offeredProtocols) {
    }

    /** Reads the request; first match wins: subprotocol entry, {@code Authorization: Bearer}, query {@code token}. */
    public static Offer read(HttpServerExchange exchange) {
        List<String> offered = offeredProtocols(exchange);
        String token = null;
        Source source = Source.NONE;
        for (String entry : offered) {
            String t = tokenFromEntry(entry);
            if (t != null) {
                token = t;
                source = Source.SUBPROTOCOL;
                break;
            }
        }
        if (token == null) {
            String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && !auth.substring(7).isBlank()) {
                token = auth.substring(7).strip();
                source = Source.HEADER;
            }
        }
        if (token == null) {
            Deque<String> q = exchange.getQueryParameters().get("token");
            if (q != null && !q.isEmpty() && !q.getFirst().isBlank()) {
                token = q.getFirst();
                source = Source.QUERY;
            }
        }
        return new Offer(token, source, offered);
    }

    /**
     * The subprotocol to answer (docs/contract.md §2): {@code jwt-auth} when offered, else the first entry that
     * carries a token, else none (null); never one the client did not offer.
     */
    public static String answer(String[] requested) {
        String firstTokenEntry = null;
        for (String p : requested) {
            String entry = p.strip();
            if (entry.equals(JWT_AUTH)) {
                return entry;
            }
            if (firstTokenEntry == null && tokenFromEntry(entry) != null) {
                firstTokenEntry = entry;
            }
        }
        return firstTokenEntry;
    }

    /** The token a subprotocol entry carries, or null if it carries none. */
    static String tokenFromEntry(String entry) {
        if (entry.startsWith("jwt.") && entry.length() > 4) {
            String rest = entry.substring(4);
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(rest), StandardCharsets.UTF_8);
                if (looksLikeJwt(decoded)) {
                    return decoded;
                }
            } catch (IllegalArgumentException notBase64) {
                // the raw token was sent: fall through
            }
            return rest;
        }
        if (entry.startsWith("jwt-auth.") && entry.length() > 9) {
            return entry.substring(9);
        }
        if (entry.startsWith("bearer.") && entry.length() > 7) {
            return entry.substring(7);
        }
        return null;
    }

    private static boolean looksLikeJwt(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static List<String> offeredProtocols(HttpServerExchange exchange) {
        List<String> out = new ArrayList<>();
        var values = exchange.getRequestHeaders().get(Headers.SEC_WEB_SOCKET_PROTOCOL);
        if (values != null) {
            for (String header : values) {
                for (String p : header.split(",")) {
                    String s = p.strip();
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }
}
