package dev.understudy.junit5;

import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.fault.FaultHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under JUnit's parallel execution, classes running at the same time each have their own server and ports, and a
 * fault one injects does not reach the other.
 */
@Timeout(60)
class ParallelTest {

    /**
     * Makes the two classes meet while the fault is on, so they provably overlap (a sequential run times out here).
     * Test-side coordination only: the extension itself keeps no static state.
     */
    static final CyclicBarrier MEET = new CyclicBarrier(2);

    static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "same_thread",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "2");

    static void meet() throws Exception {
        MEET.await(10, TimeUnit.SECONDS);
    }

    @MockStagingTest
    @Timeout(30)
    static class Faulty {
        @Test
        void refusesWhileTheOtherLooks(MockStagingServer server, Target target, TestReporter reporter) throws Exception {
            reporter.publishEntry("port", String.valueOf(server.port()));
            try (FaultHandle outage = server.inject(Fault.status(503))) {
                assertThat(target.httpClient().health(Duration.ofSeconds(5)).status()).isEqualTo(503);
                assertThat(outage.rule().hits()).as("this class's own fault answered").isEqualTo(1);
                meet();   // the fault is on
                meet();   // the other class has looked
            }
        }
    }

    @MockStagingTest
    @Timeout(30)
    static class Healthy {
        @Test
        void staysHealthy(MockStagingServer server, Target target, TestReporter reporter) throws Exception {
            reporter.publishEntry("port", String.valueOf(server.port()));
            meet();
            try {
                assertThat(target.httpClient().health(Duration.ofSeconds(5)).status()).isEqualTo(200);
                assertThat(server.faults()).isEmpty();
            } finally {
                meet();
            }
        }
    }

    @Test
    void parallelClassesHaveTheirOwnServersAndFaults() {
        MEET.reset();
        EngineExecutionResults results = Kit.run(PARALLEL, Faulty.class, Healthy.class);
        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(Kit.published(results, "port")).hasSize(2).doesNotHaveDuplicates();
    }
}
