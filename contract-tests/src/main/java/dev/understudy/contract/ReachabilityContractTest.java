package dev.understudy.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.client.AgentSocket;
import dev.understudy.client.HttpReply;
import dev.understudy.client.Target;
import dev.understudy.junit5.MockStagingTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Can the backend be reached at all: health, one upgrade with its welcome, one clean run. The runnable check runs
 * these first and, when one fails, reports the rest as not run, so an unreachable or broken backend is named within
 * one wait instead of once per check.
 */
@MockStagingTest(bypassKey = Sockets.MOCK_BYPASS_KEY)
@ExtendWith(ReachabilityGate.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Reachability")
@Order(0)
class ReachabilityContractTest {

    static final String USER = "reachability@understudy.test";

    @Test
    @Order(1)
    void healthAnswers200WithItsConfig(Target target) {
        HttpReply reply = Expect.status(() -> target.httpClient().health(Waits.HTTP), 200, "GET /health");
        JsonNode body = reply.json();
        Expect.protocol(body.path("config").isObject(), "a config block in GET /health",
                "GET /health answered 200 without its config block", reply.toString());
    }

    @Test
    @Order(2)
    void aSocketIsUpgradedAndWelcomed(Target target) {
        try (AgentSocket socket = Sockets.open(target, USER)) {
            Expect.protocol(socket.isOpen(), "an open socket after the welcome", "the socket closed after its welcome", "");
        }
    }

    @Test
    @Order(3)
    void aRunCompletesAndIsJudgedClean(Target target) {
        try (AgentSocket socket = Sockets.open(target, USER)) {
            Expect.clean(AgentRunContractTest.run(socket).violations());
        }
    }
}
