package dev.understudy.junit5;

import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.EventConditions.container;

/** The target switch: against staging no server starts, @MockOnly is skipped with its reason, Target is staging's. */
@Timeout(60)
class StagingModeTest {

    /** A staging nobody listens at: nothing here connects, the resolution alone is under test. */
    static final Map<String, String> STAGING = Map.of("contract.target", "staging",
            "STAGING_BASE_URL", "https://staging.understudy.invalid", "STAGING_TEST_JWT_TOKEN", "a-fixed-token");

    @MockStagingTest
    @Timeout(30)
    static class Mixed {
        @Test
        void everywhere(Target target, TestReporter reporter) {
            assertThat(target.httpBase()).as("a target is injected in either mode").isNotNull();
            reporter.publishEntry(Map.of("kind", target.kind().name(), "base", target.httpBase().toString()));
        }

        @Test
        @MockOnly("injects a fault")
        void onlyOnTheMock(MockStagingServer server) {
            assertThat(server.port()).isPositive();
        }

        @Test
        void wantsTheServerWithoutSaying(MockStagingServer server) {
            assertThat(server.port()).isPositive();
        }
    }

    @MockStagingTest
    @MockOnly("the whole class drives the mock")
    @Timeout(30)
    static class WholeClass {
        @Test
        void any(MockStagingServer server) {
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void againstStagingMockOnlyIsSkippedWithItsReasonAndTheTargetIsStagings() {
        EngineExecutionResults results = Kit.run(STAGING, Mixed.class, WholeClass.class);
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("onlyOnTheMock"), skippedWithReason(r -> r.contains("injects a fault")
                        && r.contains("staging"))));
        results.containerEvents().assertThatEvents()
                .haveExactly(1, event(container(WholeClass.class), skippedWithReason(
                        r -> r.contains("the whole class drives the mock"))));
        assertThat(Kit.published(results, "kind")).containsExactly("STAGING");
        assertThat(Kit.published(results, "base")).containsExactly("https://staging.understudy.invalid");
        assertThat(Kit.failures(results)).singleElement().asString()
                .contains("needs the embedded mock").contains("@MockOnly").contains("wantsTheServerWithoutSaying");
    }

    @Test
    void againstTheMockEveryTestRuns() {
        EngineExecutionResults results = Kit.run(Map.of("contract.target", "mock"), Mixed.class, WholeClass.class);
        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4).skipped(0));
        assertThat(Kit.published(results, "kind")).containsExactly("MOCK");
    }

    @Test
    void aBadSwitchFailsTheClassNamingTheSetting() {
        EngineExecutionResults results = Kit.run(Map.of("contract.target", "sometimes"), Mixed.class);
        assertThat(Kit.failures(results)).isNotEmpty()
                .allSatisfy(f -> assertThat(f).contains("contract.target").contains("'sometimes'"));
    }
}
