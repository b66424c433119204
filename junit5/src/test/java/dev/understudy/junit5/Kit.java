package dev.understudy.junit5;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.reporting.ReportEntry;

/** Runs small test classes through the Jupiter engine (EngineTestKit) and reads what they published. */
final class Kit {

    private Kit() {
    }

    /** Runs the classes with these configuration parameters (the target switch, parallelism, ...). */
    static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").configurationParameters(parameters);
        for (Class<?> c : classes) {
            kit.selectors(DiscoverySelectors.selectClass(c));
        }
        return kit.execute();
    }

    /** Every value a test published under {@code key} with {@code TestReporter}, in event order. */
    static List<String> published(EngineExecutionResults results, String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class))
                .flatMap(Optional::stream)
                .map(entry -> entry.getKeyValuePairs().get(key))
                .filter(v -> v != null)
                .toList();
    }

    /** The failures' messages, to show when a run did not go as expected. */
    static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(Event::getPayload)
                .map(p -> p.map(Object::toString).orElse("?"))
                .toList();
    }

    /** Whether something accepts a TCP connection on 127.0.0.1:port (within 1 s). */
    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
