package dev.understudy.contract.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The standalone mock jar as its own process, ready once it has printed its URLs and token. */
final class StandaloneProcess implements AutoCloseable {

    static final Path JAR = Path.of("..", "mock-backend", "target", "understudy-mock.jar");
    static final Duration READY = Duration.ofSeconds(30);

    final Process process;
    final Map<String, String> printed;

    private StandaloneProcess(Process process, Map<String, String> printed) {
        this.process = process;
        this.printed = printed;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the jar with these flags and waits (bounded) for its ready lines. */
    static StandaloneProcess start(String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "standalone-stdout");
        reader.setDaemon(true);
        reader.start();
        Map<String, String> printed = new LinkedHashMap<>();
        long deadline = System.nanoTime() + READY.toNanos();
        while (!printed.containsKey("Token")) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                process.destroyForcibly();
                throw new IllegalStateException("the standalone jar printed no ready lines within " + READY + "; got " + printed);
            }
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("understudy")) {
                printed.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new StandaloneProcess(process, printed);
    }

    URI uri(String key) {
        return URI.create(printed.get(key).split("\\s+")[0]);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();   // the test is being stopped: leave the flag for JUnit
            }
        }
    }
}
