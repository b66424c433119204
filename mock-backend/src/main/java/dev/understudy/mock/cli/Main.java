package dev.understudy.mock.cli;

import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.fault.FaultSpec;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The standalone mock backend: {@code java -jar understudy-mock.jar [flags]}; prints its URLs and a test
 * token when ready and serves until Ctrl-C or SIGTERM.
 */
public final class Main {

    /** Held so the levels stick: XNIO's and JBoss Threads' version banners are noise on a command line meant to print URLs. */
    private static final Logger XNIO_LOG = Logger.getLogger("org.xnio");
    private static final Logger THREADS_LOG = Logger.getLogger("org.jboss.threads");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the server until the JVM is told to stop; returns the exit code for a bad command line. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("scenario-from")) {
            return ScenarioFrom.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.BadFlag e) {
            err.println("understudy: " + e.getMessage());
            err.println("Run with --help to see every flag.");
            return 2;
        }
        if (options.help()) {
            out.print(Options.HELP);
            return 0;
        }
        if (options.version()) {
            out.println("understudy " + Version.get());
            return 0;
        }
        ReadyFile ready = options.readyFile() == null ? null : new ReadyFile(options.readyFile());
        if (ready != null && !clearStale(ready, err)) {
            return 1;
        }
        XNIO_LOG.setLevel(Level.WARNING);
        THREADS_LOG.setLevel(Level.WARNING);
        MockStagingServer server;
        try {
            server = options.builder().start();
        } catch (RuntimeException e) {
            err.println("understudy: could not start: " + e.getMessage());
            return 1;
        }
        if (options.selfTest()) {
            printReady(server, options, out);
            if (!signalReady(ready, server, options, err)) {
                server.close();
                return 1;
            }
            try (server) {
                SelfTest.run(server, server.mintToken(options.tokenUser()));
                out.println("self-test: /health 200 and a WebSocket welcome");
                return 0;
            } catch (Exception e) {
                err.println("understudy: self-test failed: " + e.getMessage());
                return 1;
            } finally {
                if (ready != null) {
                    ready.remove();
                }
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (ready != null) {
                ready.remove();
            }
            server.close();
            stopped.countDown();
        }, "understudy-shutdown"));
        printReady(server, options, out);
        if (!signalReady(ready, server, options, err)) {
            server.close();
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static boolean clearStale(ReadyFile ready, PrintStream err) {
        try {
            ready.clearStale();
            return true;
        } catch (java.io.IOException e) {
            err.println("understudy: --ready-file: could not remove the old '" + ready.path() + "': " + e.getMessage());
            return false;
        }
    }

    /** Writes the ready file when one was asked for; false, with the reason on {@code err}, when it cannot be written. */
    static boolean signalReady(ReadyFile ready, MockStagingServer server, Options options, PrintStream err) {
        if (ready == null) {
            return true;
        }
        try {
            ready.write(ReadyFile.json(server, server.mintToken(options.tokenUser())));
            return true;
        } catch (java.io.IOException e) {
            err.println("understudy: --ready-file: could not write '" + ready.path() + "': " + e.getMessage());
            return false;
        }
    }

    static void printReady(MockStagingServer server, Options options, PrintStream out) {
        out.println("understudy mock backend ready (Ctrl-C stops it)");
        out.println("HTTP:      " + server.httpUri());
        out.println("WebSocket: " + server.webSocketUri("/ws"));
        out.println("WebSocket: " + server.webSocketUri("/api/v1/websocket"));
        out.println("Admin:     " + server.adminUri() + (server.adminToken() != null ? "  (token " + server.adminToken() + ")" : ""));
        out.println("Token:     " + server.mintToken(options.tokenUser()));
        if (options.recordUpstream() != null) {
            out.println("Recording: " + options.recordUpstream() + " -> " + options.recordOut().toAbsolutePath()
                    + "  (one JSON file per session)");
        }
        server.faults().forEach(rule -> out.println("Fault:     " + FaultSpec.toJson(rule)));
        out.flush();
    }
}
