package dev.understudy.mock;

/** How the server treats a WebSocket upgrade whose token is missing or bad (docs/contract.md §2). */
public enum AuthMode {
    /** HTTP 403 before the upgrade with {@code {"detail":"<reason>"}}: the default. */
    REJECT("reject"),
    /** Accept, send one {@code error_message} with {@code AUTH_FAILED}, close with 1008 (the later staging behaviour). */
    CLOSE_1008("close-1008"),
    /** Admit a request with no token at all as a made-up user {@code relaxed_<hex>}; bad tokens are still rejected. */
    PERMISSIVE("permissive");

    private final String wireName;

    AuthMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the command line. */
    public String wireName() {
        return wireName;
    }

    /** Parses a command-line name ({@code reject}, {@code close-1008} or {@code permissive}). */
    public static AuthMode fromWireName(String name) {
        return WireNames.parse(AuthMode.class, name, AuthMode::wireName);
    }
}
