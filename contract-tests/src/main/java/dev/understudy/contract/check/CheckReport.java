package dev.understudy.contract.check;

import dev.understudy.contract.Failures;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints the check as it runs: a heading per contract section (a suite class), one line per check with its result
 * and time and, for a failure, the named outcome and the message; then the summary line.
 */
final class CheckReport implements TestExecutionListener {

    private final PrintStream out;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private TestPlan plan;
    private long runStarted;
    private int passed;
    private int failed;
    private int skipped;

    CheckReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        runStarted = System.nanoTime();
    }

    @Override
    public synchronized void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
        if (isSection(id)) {
            out.println();
            out.println(id.getDisplayName());
        }
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            skipped++;
            line("SKIP", id, "", reason);
            return;
        }
        if (isSection(id)) {
            out.println();
            out.println(id.getDisplayName());
        }
        for (TestIdentifier test : plan.getDescendants(id)) {
            if (test.isTest()) {
                skipped++;
                line("SKIP", test, "", reason);
            }
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Long start = started.remove(id.getUniqueId());
        String time = start == null ? "" : ((System.nanoTime() - start) / 1_000_000) + " ms";
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                if (id.isTest()) {
                    passed++;
                    line("PASS", id, time, "");
                }
            }
            case ABORTED -> {
                if (id.isTest()) {
                    skipped++;
                    line("SKIP", id, time, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
                }
            }
            case FAILED -> {
                failed++;
                Throwable cause = result.getThrowable().orElse(null);
                String why = cause == null ? "failed" : Failures.describe(cause);
                line("FAIL", id, time, why);
            }
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        out.println();
        out.printf(Locale.ROOT, "%d passed, %d failed, %d skipped in %.1f s%n", passed, failed, skipped,
                (System.nanoTime() - runStarted) / 1e9);
        if (passed + failed == 0) {
            out.println("No check ran: nothing to judge the target by");
        }
    }

    /** 0 when every check that ran passed (and one did), else 1. */
    synchronized int exitCode() {
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    private boolean isSection(TestIdentifier id) {
        return id.isContainer() && id.getParentId().isPresent()
                && plan.getParent(id).map(p -> p.getParentId().isEmpty()).orElse(false);
    }

    private void line(String status, TestIdentifier id, String time, String detail) {
        String name = id.isTest() ? name(id) : "(" + id.getDisplayName() + " setup)";
        out.printf(Locale.ROOT, "  %s  %-66s %8s%s%n", status, name, time, detail.isEmpty() ? "" : "  " + detail);
    }

    /** The check's method name as words: {@code aSocketIsUpgradedAndWelcomed} reads "a socket is upgraded and welcomed". */
    static String name(TestIdentifier id) {
        if (id.getSource().orElse(null) instanceof MethodSource method) {
            return words(method.getMethodName());
        }
        return id.getDisplayName();
    }

    static String words(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("([A-Z])([A-Z][a-z])", "$1 $2")
                .replaceAll("([a-z]{3,})([0-9])", "$1 $2")
                .toLowerCase(Locale.ROOT);
    }
}
