package dev.understudy.mock;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a recording proxy forwards to and where it writes (docs/recording.md): the upstream's HTTP base, its
 * WebSocket URL, the trust for a self-signed upstream, and the folder that receives one JSON file per session.
 *
 * @param httpBase  the upstream's HTTP base URL (http or https); every request's path and query are appended to it
 * @param webSocket the upstream's WebSocket URL (ws or wss): with a path, every session goes there; without one
 *                  (or "/"), the client's own path is appended
 * @param trust     the trust for an https/wss upstream, empty for the JDK's default
 * @param outDir    the folder the session files are written to (created when missing)
 */
public record RecordUpstream(URI httpBase, URI webSocket, Optional<SSLContext> trust, Path outDir) {

    public RecordUpstream {
        Objects.requireNonNull(httpBase, "httpBase");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(outDir, "outDir");
        String scheme = String.valueOf(httpBase.getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || httpBase.getHost() == null) {
            throw new IllegalArgumentException("upstream: expected an http or https URL, got '" + httpBase + "'");
        }
        String ws = String.valueOf(webSocket.getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (!ws.equals("ws") && !ws.equals("wss") || webSocket.getHost() == null) {
            throw new IllegalArgumentException("upstream WebSocket: expected a ws or wss URL, got '" + webSocket + "'");
        }
    }

    /** The upstream at {@code httpBase}, its WebSocket at the same host (http→ws, https→wss, the client's path). */
    public static RecordUpstream of(URI httpBase, Path outDir) {
        String scheme = "https".equalsIgnoreCase(httpBase.getScheme()) ? "wss" : "ws";
        URI ws = URI.create(scheme + "://" + httpBase.getRawAuthority());
        return new RecordUpstream(httpBase, ws, Optional.empty(), outDir);
    }

    /** The same with this WebSocket URL. */
    public RecordUpstream withWebSocket(URI webSocket) {
        return new RecordUpstream(httpBase, webSocket, trust, outDir);
    }

    /** The same with this trust. */
    public RecordUpstream withTrust(SSLContext trust) {
        return new RecordUpstream(httpBase, webSocket, Optional.of(trust), outDir);
    }
}
