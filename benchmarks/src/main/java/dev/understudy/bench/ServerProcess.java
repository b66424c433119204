package dev.understudy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM the benchmark started: its stdout read line by line into a queue, its stderr in a log file, and the
 * {@code ServerMain} protocol (READY, heap, threads, tokens). Every process started is killed when closed, and by a
 * shutdown hook if the benchmark dies first.
 */
final class ServerProcess implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final String EOF = "\u0000EOF";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-kill-servers"));
    }

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path errLog;
    private final long launchedAt;
    /** Whether it is a ServerMain that takes commands (and quits when told); others get SIGTERM at close. */
    private boolean commands;
    private int port = -1;

    private ServerProcess(String name, Process process, Path errLog, long launchedAt) {
        this.name = name;
        this.process = process;
        this.errLog = errLog;
        this.launchedAt = launchedAt;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::pump, "bench-stdout-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a process; {@link #launchedAt()} is the nanoTime just before the OS was asked to. */
    /** Starts a helper process (wrk, Maven) that the shutdown hook kills too if the benchmark dies first. */
    static Process startTracked(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return process;
    }

    static ServerProcess start(String name, List<String> command, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path err = logDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        long at = System.nanoTime();
        Process process = builder.start();
        LIVE.add(process);
        return new ServerProcess(name, process, err, at);
    }

    /** A {@code ServerMain} for the peer, started and READY. */
    static ServerProcess serve(String name, Layout layout, Peer peer, List<String> jvmFlags, List<String> extraOptions,
                               Path logDir, Duration readyTimeout) throws IOException {
        List<String> command = new ArrayList<>(List.of(layout.java.toString()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", layout.classpath(peer), "dev.understudy.bench.server.ServerMain", peer.serverClass()));
        command.addAll(peer.options());
        command.addAll(extraOptions);
        ServerProcess p = start(name, command, logDir);
        p.commands = true;
        try {
            String ready = p.awaitLine("READY ", readyTimeout);
            p.port = Integer.parseInt(ready.substring("READY ".length()).trim());
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process went away: EOF below tells the reader
        }
        lines.add(EOF);
    }

    long launchedAt() {
        return launchedAt;
    }

    int port() {
        if (port < 0) {
            throw new IllegalStateException(name + " never said READY");
        }
        return port;
    }

    /** The next stdout line starting with {@code prefix} (others are skipped), within the timeout. */
    String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line;
            try {
                line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
            if (line == null) {
                throw new IllegalStateException(name + ": no '" + prefix.trim() + "' line within " + timeout.toMillis()
                        + " ms" + stderrTail());
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new IllegalStateException(name + " exited before printing '" + prefix.trim() + "'" + stderrTail());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Sends one command line. */
    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException(name + " does not take commands any more" + stderrTail(), e);
        }
    }

    /** Used heap in the server after full GCs, in bytes. */
    long heap() {
        send("heap");
        return Long.parseLong(awaitLine("HEAP ", Duration.ofSeconds(30)).substring(5).trim());
    }

    /** Live threads in the server. */
    int threads() {
        send("threads");
        return Integer.parseInt(awaitLine("THREADS ", Duration.ofSeconds(10)).substring(8).trim());
    }

    /** CPU time the server process has used so far, in nanoseconds (user and system, all threads). */
    long cpuNanos() {
        send("cpu");
        return Long.parseLong(awaitLine("CPU ", Duration.ofSeconds(10)).substring(4).trim());
    }

    /** Tokens for users prefix0..prefix(n-1), minted by the server (a fixed one for peers that check none). */
    List<String> tokens(String prefix, int n) {
        send("tokens " + prefix + " " + n);
        List<String> tokens = new ArrayList<>(n);
        Duration timeout = Duration.ofSeconds(30 + n / 500);
        for (int i = 0; i < n; i++) {
            tokens.add(awaitLine("TOKEN ", timeout).substring(6).trim());
        }
        awaitLine("END", timeout);
        return tokens;
    }

    /** Waits (bounded) for the process to exit by itself. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends SIGTERM and waits (bounded) for the exit. */
    boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String stderrTail() {
        try {
            List<String> all = Files.readAllLines(errLog, StandardCharsets.UTF_8);
            if (all.isEmpty()) {
                return "";
            }
            return "; its stderr (" + errLog + ") ends: " + String.join(" | ", all.subList(Math.max(0, all.size() - 5), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** quit (to a ServerMain), then SIGTERM, then SIGKILL, each bounded. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                boolean quit = false;
                if (commands) {
                    try {
                        send("quit");
                        quit = process.waitFor(5, TimeUnit.SECONDS);
                    } catch (IllegalStateException ignored) {
                        // stdin already closed
                    }
                }
                if (!quit) {
                    process.destroy();
                    if (!process.waitFor(3, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
            try {
                stdin.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }
}
