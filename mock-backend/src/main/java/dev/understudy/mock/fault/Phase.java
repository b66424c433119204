package dev.understudy.mock.fault;

/** The phases of one connection at which a fault can strike (docs/faults.md). */
public enum Phase {
    /** The TCP connection, before any byte: refuse, blackhole, reset. */
    TCP_CONNECT,
    /** An HTTP request: health, any other path, and the WebSocket upgrade request. */
    HTTP_REQUEST,
    /** Right after the 101, before the welcome. */
    AFTER_UPGRADE,
    /** While an agent run streams its events. */
    RUN,
    /** The client's pings. */
    KEEP_ALIVE
}
