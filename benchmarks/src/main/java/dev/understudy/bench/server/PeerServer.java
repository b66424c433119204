package dev.understudy.bench.server;

import java.util.Map;

/**
 * One server under test, as {@link ServerMain} runs it in its own JVM: started on a port, asked for tokens, closed.
 *
 * <p>Implementations are loaded by name, so a server process only ever loads its own library's classes.
 */
@SuppressWarnings("try")   // peers' libraries may be interrupted while stopping; a benchmark process just ends
public interface PeerServer extends AutoCloseable {

    /**
     * Starts serving {@code GET /health} (and, where the peer can, the WebSocket at {@code /ws}) on 127.0.0.1.
     *
     * @param port    the port, 0 for any free one
     * @param options {@code key=value} options from the command line (e.g. {@code journal=on}, {@code stream=20000})
     * @return the port it listens on
     */
    int start(int port, Map<String, String> options) throws Exception;

    /** A token the WebSocket admits for {@code user}; peers that check none take a fixed one of the same size. */
    default String token(String user) {
        return PeerFrames.FIXED_TOKEN;
    }

    @Override
    void close() throws Exception;
}
