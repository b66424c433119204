package dev.understudy.client.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** URI arithmetic the kit needs in several places: appending a path, switching http to ws. */
public final class Uris {

    private Uris() {
    }

    /** {@code base} with {@code path} appended to its path ("https://h/api" + "/health" = "https://h/api/health"). */
    public static URI append(URI base, String path) {
        String query = null;
        String rawPath = path;
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            rawPath = path.substring(0, q);
        }
        String basePath = base.getPath() == null ? "" : base.getPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String joined = basePath + (rawPath.startsWith("/") ? rawPath : "/" + rawPath);
        try {
            return new URI(base.getScheme(), base.getUserInfo(), base.getHost(), base.getPort(), joined, query, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot append '" + path + "' to " + base + ": " + e.getMessage(), e);
        }
    }

    /** The WebSocket URL for an HTTP base: http→ws, https→wss, and {@code path} appended. */
    public static URI toWebSocket(URI httpBase, String path) {
        String scheme = httpBase.getScheme() == null ? "" : httpBase.getScheme().toLowerCase(Locale.ROOT);
        String wsScheme;
        switch (scheme) {
            case "http":
                wsScheme = "ws";
                break;
            case "https":
                wsScheme = "wss";
                break;
            default:
                throw new IllegalArgumentException("Expected an http or https URL, got " + httpBase);
        }
        URI appended = append(httpBase, path);
        try {
            return new URI(wsScheme, appended.getUserInfo(), appended.getHost(), appended.getPort(),
                    appended.getPath(), appended.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot make a WebSocket URL of " + httpBase, e);
        }
    }

    /** {@code uri} with {@code name=value} added to its query (value URL-encoded). */
    public static URI withQueryParameter(URI uri, String name, String value) {
        String encoded = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        String raw = uri.toString();
        int hash = raw.indexOf('#');
        String fragment = hash < 0 ? "" : raw.substring(hash);
        String head = hash < 0 ? raw : raw.substring(0, hash);
        String separator = uri.getRawQuery() == null || uri.getRawQuery().isEmpty() ? (head.endsWith("?") ? "" : "?") : "&";
        return URI.create(head + separator + name + "=" + encoded + fragment);
    }
}
