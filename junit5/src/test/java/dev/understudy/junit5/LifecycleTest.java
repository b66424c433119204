package dev.understudy.junit5;

import dev.understudy.client.Target;
import dev.understudy.mock.MockStagingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A server per class or per method: started before it is needed, the same one in each scope, closed after. */
@Timeout(60)
class LifecycleTest {

    @MockStagingTest
    @Timeout(30)
    static class PerClass {
        @BeforeAll
        static void beforeAll(MockStagingServer server, Target target, TestReporter reporter) {
            reporter.publishEntry(Map.of("port", String.valueOf(server.port()),
                    "target", target.httpBase().toString(), "http", server.httpUri().toString()));
        }

        @Test
        void one(MockStagingServer server, TestReporter reporter) {
            assertThat(Kit.listening(server.port())).as("the injected server serves the test").isTrue();
            reporter.publishEntry("port", String.valueOf(server.port()));
        }

        @Test
        void two(MockStagingServer server, TestReporter reporter) {
            assertThat(Kit.listening(server.port())).as("the injected server serves the test").isTrue();
            reporter.publishEntry("port", String.valueOf(server.port()));
        }

        @Nested
        class Inner {
            @Test
            void nested(MockStagingServer server, TestReporter reporter) {
                assertThat(Kit.listening(server.port())).as("the outer class's server serves the nested test").isTrue();
                reporter.publishEntry("port", String.valueOf(server.port()));
            }
        }
    }

    @Test
    void perClassOneServerServesTheClassItsLifecycleMethodsAndNestedClassesAndIsClosedAfter() {
        EngineExecutionResults results = Kit.run(Map.of(), PerClass.class);
        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        List<String> ports = Kit.published(results, "port");
        assertThat(ports).hasSize(4).containsOnly(ports.get(0));
        assertThat(Kit.published(results, "target")).containsExactlyElementsOf(Kit.published(results, "http"));
        assertThat(Kit.listening(Integer.parseInt(ports.get(0)))).as("the server's port after the class").isFalse();
    }

    static class PerMethod {
        @RegisterExtension
        static final MockStagingExtension MOCK = MockStagingExtension.builder().perMethod().build();

        @BeforeEach
        void before(MockStagingServer server, TestReporter reporter) {
            reporter.publishEntry("before", String.valueOf(server.port()));
        }

        @Test
        void one(MockStagingServer server, TestReporter reporter) {
            assertThat(Kit.listening(server.port())).as("the injected server serves the test").isTrue();
            reporter.publishEntry("test", String.valueOf(server.port()));
        }

        @Test
        void two(MockStagingServer server, TestReporter reporter) {
            assertThat(Kit.listening(server.port())).as("the injected server serves the test").isTrue();
            reporter.publishEntry("test", String.valueOf(server.port()));
        }

        @AfterEach
        void after(MockStagingServer server, TestReporter reporter) {
            reporter.publishEntry("after", String.valueOf(server.port()));
        }
    }

    @Test
    void perMethodEachTestGetsItsOwnServerSharedWithItsEachMethodsAndClosedAfterIt() {
        EngineExecutionResults results = Kit.run(Map.of(), PerMethod.class);
        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<String> tests = Kit.published(results, "test");
        assertThat(tests).hasSize(2).doesNotHaveDuplicates();
        assertThat(Kit.published(results, "before")).containsExactlyElementsOf(tests);
        assertThat(Kit.published(results, "after")).containsExactlyElementsOf(tests);
        tests.forEach(port -> assertThat(Kit.listening(Integer.parseInt(port))).as("port " + port).isFalse());
    }

    static class PerMethodInBeforeAll {
        @RegisterExtension
        static final MockStagingExtension MOCK = MockStagingExtension.builder().perMethod().build();

        @BeforeAll
        static void tooEarly(MockStagingServer server) {
            assertThat(server).isNotNull();
        }

        @Test
        void never() {
            assertThat(true).isTrue();
        }
    }

    @Test
    void perMethodRefusesTheServerInBeforeAllSayingWhere() {
        EngineExecutionResults results = Kit.run(Map.of(), PerMethodInBeforeAll.class);
        assertThat(Kit.failures(results)).singleElement().asString()
                .contains("PER_METHOD").contains("@BeforeEach").contains("tooEarly");
    }

    @MockStagingTest
    static class Twice {
        @RegisterExtension
        static final MockStagingExtension MOCK = MockStagingExtension.builder().build();

        @Test
        void never() {
            assertThat(true).isTrue();
        }
    }

    @Test
    void theAnnotationAndAFieldTogetherAreRefusedWithAClearMessage() {
        EngineExecutionResults results = Kit.run(Map.of(), Twice.class);
        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(Kit.failures(results)).singleElement().asString()
                .contains("registered twice").contains(Twice.class.getName());
    }
}
