package dev.understudy.client;

/** How the token travels in the WebSocket upgrade request ({@code docs/contract.md} lists where the server looks). */
public enum TokenPlacement {
    /**
     * Offers the subprotocols {@code jwt-auth} and {@code jwt.<base64url of the token>} and sends
     * {@code Authorization: Bearer <token>}: what staging's own clients do. The default.
     */
    SUBPROTOCOL_AND_HEADER,
    /** Offers {@code jwt-auth} and {@code jwt.<base64url of the token>}; no header. */
    SUBPROTOCOL_ONLY,
    /** Sends {@code Authorization: Bearer <token>}; offers no subprotocol. */
    HEADER_ONLY,
    /** Adds {@code ?token=<token>} to the URL; nothing else. */
    QUERY_ONLY,
    /** The token goes nowhere (for tests of a request without a token, or that place it themselves). */
    NONE
}
