package dev.understudy.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP throughput against one URL over a fixed number of keep-alive connections: with {@code wrk} when it is
 * installed (installed with apt-get when it is missing and we may), else with the JDK's HttpClient.
 */
final class HttpLoad {

    /** What one load run measured. */
    record Result(double requestsPerSecond, double p99Millis, long errors) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\n\\s+99%\\s+([0-9.]+)(us|ms|s)\\b");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final String wrkVersion;

    private HttpLoad(String wrkVersion) {
        this.wrkVersion = wrkVersion;
    }

    /** wrk if present (or installable when {@code install}), else the JDK driver; {@code useWrk=false} forces the JDK. */
    static HttpLoad choose(boolean useWrk, boolean install, StringBuilder log) {
        if (!useWrk) {
            return new HttpLoad(null);
        }
        String version = wrkVersion();
        if (version == null && install) {
            if (!run(Duration.ofSeconds(180), "apt-get", "install", "-y", "-q", "wrk")) {
                run(Duration.ofSeconds(180), "apt-get", "update", "-q");
                run(Duration.ofSeconds(180), "apt-get", "install", "-y", "-q", "wrk");
            }
            version = wrkVersion();
            log.append(version != null ? "wrk was missing: installed it with apt-get install -y wrk\n"
                    : "wrk is missing and apt-get could not install it\n");
        }
        if (version == null) {
            log.append("wrk is not available: HTTP throughput is measured with the JDK driver (slower: compare ratios only)\n");
        }
        return new HttpLoad(version);
    }

    /** "wrk 4.1.0 ..." or "JDK driver (java.net.http, N connections)". */
    String describe() {
        return wrkVersion != null ? wrkVersion : "JDK driver (java.net.http.HttpClient)";
    }

    boolean usesWrk() {
        return wrkVersion != null;
    }

    Result run(URI uri, int connections, Duration duration) throws IOException, InterruptedException {
        return wrkVersion != null ? wrk(uri, connections, duration) : jdk(uri, connections, duration);
    }

    private static Result wrk(URI uri, int connections, Duration duration) throws IOException, InterruptedException {
        long seconds = Math.max(1, duration.toSeconds());
        Path out = Files.createTempFile("understudy-wrk", ".txt");
        try {
            Process p = ServerProcess.startTracked(new ProcessBuilder("wrk", "-t2", "-c" + connections,
                    "-d" + seconds + "s", "--latency", "--timeout", "5s", uri.toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()));
            if (!p.waitFor(seconds + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("wrk did not finish within " + (seconds + 30) + " s");
            }
            return parseWrk(Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Reads wrk's --latency report. */
    static Result parseWrk(String out) {
        Matcher rps = RPS.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rps.find() || !p99.find()) {
            throw new IllegalStateException("Could not read wrk's report: " + out);
        }
        double value = Double.parseDouble(p99.group(1));
        double millis = switch (p99.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Result(Double.parseDouble(rps.group(1)), millis, errors);
    }

    /** {@code connections} loops, each sending the next request when the last answered, for {@code duration}. */
    private static Result jdk(URI uri, int connections, Duration duration) throws InterruptedException {
        ExecutorService executor = Executors.newCachedThreadPool();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            loops.add(finished);
            loop(client, request, end, latencies, done, errors, finished);
        }
        try {
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(duration.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The JDK load driver did not finish in time", e);
        } finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (latencies) {
            return new Result(done.get() / seconds, latencies.getValueAtPercentile(99) / 1e6, errors.get());
        }
    }

    private static void loop(HttpClient client, HttpRequest request, long end, Histogram latencies, AtomicLong done,
                             AtomicLong errors, CompletableFuture<Void> finished) {
        if (System.nanoTime() >= end) {
            finished.complete(null);
            return;
        }
        long sent = System.nanoTime();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() != 200) {
                errors.incrementAndGet();
            } else {
                synchronized (latencies) {
                    latencies.recordValue(Math.min(System.nanoTime() - sent, latencies.getHighestTrackableValue()));
                }
                done.incrementAndGet();
            }
            loop(client, request, end, latencies, done, errors, finished);
        });
    }

    private static String wrkVersion() {
        try {
            Path out = Files.createTempFile("understudy-wrk-version", ".txt");
            try {
                Process p = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
                String first = Files.readString(out, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
                return first.startsWith("wrk ") ? first.replaceAll("\\s+Copyright.*", "") : null;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean run(Duration timeout, String... command) {
        try {
            Process p = ServerProcess.startTracked(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "HttpLoad[%s]", describe());
    }
}
