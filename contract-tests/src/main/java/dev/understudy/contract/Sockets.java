package dev.understudy.contract;

import dev.understudy.client.AgentSocket;
import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import dev.understudy.client.SocketOptions;
import dev.understudy.client.Target;

import static org.assertj.core.api.Assertions.fail;

/** Small helpers the contract classes share. */
final class Sockets {

    /** The bypass key the suite's embedded mock accepts, so the test-auth endpoint is exercised on the mock too. */
    static final String MOCK_BYPASS_KEY = "contract-suite-bypass-key";

    private Sockets() {
    }

    /** A socket for {@code user} with the welcome already read. */
    static AgentSocket open(Target target, String user) {
        AgentSocket socket = AgentSocket.connect(target, user, Waits.CONNECT);
        socket.awaitWelcome(Waits.FRAME);
        return socket;
    }

    /** How the server refused these options: the outcome of connecting and awaiting the welcome. */
    static Outcome refusal(SocketOptions options) {
        try (AgentSocket socket = AgentSocket.connect(options, Waits.CONNECT)) {
            socket.awaitWelcome(Waits.FRAME);
            return fail("expected the server to refuse " + options + ", but it sent the welcome");
        } catch (OutcomeException e) {
            return e.outcome();
        }
    }
}
