package dev.understudy.drift;

import dev.understudy.mock.MockStagingServer;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * How long drift takes against a healthy target (docs/drift.md#figures): a default mock as "staging", drift's embedded
 * mock as the other side, {@code runs} comparisons in one JVM; the first (cold) and the median of the rest.
 *
 * <p>Run from the test classpath: {@code java -cp ... dev.understudy.drift.DriftFigure [runs]}.
 */
public final class DriftFigure {

    private DriftFigure() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        long[] ms = new long[runs];
        try (MockStagingServer staging = MockStagingServer.builder().e2eBypassKey("figure-key").start()) {
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                int exit = DriftMain.run(new String[]{"--staging", staging.httpUri().toString(), "--bypass-key", "figure-key"},
                        Map.of(), quiet, System.err);
                ms[i] = (System.nanoTime() - start) / 1_000_000;
                if (exit != 0) {
                    throw new IllegalStateException("a healthy default target drifted (exit " + exit + ")");
                }
            }
        }
        long[] warm = Arrays.copyOfRange(ms, 1, runs);
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "drift against a healthy target: first run %d ms, median of the next %d: %d ms (max %d ms)%n",
                ms[0], warm.length, warm[warm.length / 2], warm[warm.length - 1]);
    }
}
