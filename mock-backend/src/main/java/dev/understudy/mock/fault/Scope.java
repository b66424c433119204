package dev.understudy.mock.fault;

import java.util.Set;

/**
 * Whom a fault strikes: every connection, requests on some paths, or one user (the JWT {@code sub}), so that
 * tests sharing one server fault only their own connections. Empty parts match everything.
 */
public record Scope(Set<String> paths, String user) {

    private static final Scope ALL = new Scope(Set.of(), null);

    public Scope {
        paths = paths == null ? Set.of() : Set.copyOf(paths);
        for (String p : paths) {
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("path: expected a path starting with '/', got '" + p + "'");
            }
        }
        if (user != null && user.isBlank()) {
            throw new IllegalArgumentException("user: expected a JWT sub, got a blank string");
        }
    }

    /** Every connection. */
    public static Scope all() {
        return ALL;
    }

    /** Requests on these paths ({@code /health}, {@code /ws}, ...); WebSocket faults after the 101 use the upgrade path. */
    public static Scope paths(String... paths) {
        return new Scope(Set.of(paths), null);
    }

    /** Both WebSocket paths, {@code /ws} and {@code /api/v1/websocket}. */
    public static Scope webSocket() {
        return paths("/ws", "/api/v1/websocket");
    }

    /** Connections of one user (JWT {@code sub}). */
    public static Scope user(String sub) {
        return new Scope(Set.of(), sub);
    }

    /** This scope narrowed to one user. */
    public Scope andUser(String sub) {
        return new Scope(paths, sub);
    }

    /** Whether a request on {@code path} by {@code user} (either may be null when unknown) is in scope. */
    public boolean matches(String path, String user) {
        if (!paths.isEmpty() && (path == null || !paths.contains(path))) {
            return false;
        }
        return this.user == null || this.user.equals(user);
    }

    /** Whether this scope matches everything. */
    public boolean isAll() {
        return paths.isEmpty() && user == null;
    }
}
