package dev.understudy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What the figures were measured on, for the report's head. */
final class Machine {

    private Machine() {
    }

    static List<String> describe(HttpLoad load, Options options, Duration took) {
        return List.of(
                "date: " + Bench.now(),
                "machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memory() + ", " + os(),
                "JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (every process, default flags)",
                "HTTP load: " + load.describe() + "; WebSockets: the JDK's java.net.http client",
                "run: " + options.describe(),
                String.format(Locale.ROOT, "the run took %d min %02d s", took.toMinutes(), took.toSecondsPart()));
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return String.format(Locale.ROOT, "%.1f GiB max heap", Runtime.getRuntime().maxMemory() / 1024.0 / 1024 / 1024);
    }

    private static String os() {
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "") + " (" + kernel + ")";
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no os-release
        }
        return kernel;
    }
}
