package dev.understudy.junit5;

import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;

import java.util.Objects;

/** The client kit's {@link Target} for an embedded {@link MockStagingServer}, in one call. */
public final class MockTarget {

    private MockTarget() {
    }

    /**
     * The target of a running mock: its HTTP and WebSocket URLs, tokens minted with its secret, the auth endpoints on
     * its HTTP port.
     */
    public static Target of(MockStagingServer server) {
        Objects.requireNonNull(server, "server");
        return Target.mock(server.httpUri(), server.webSocketUri(), server.secret());
    }
}
