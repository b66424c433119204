package dev.understudy.contract;

import java.time.Duration;

/**
 * The suite's waits, all derived from one budget: the longest any single wait (a TCP/TLS connect and upgrade, an HTTP
 * answer, a frame) may take. A healthy backend answers far sooner; a wait is only reached in full when something is
 * wrong, and then the check names what.
 *
 * <p>The budget is the {@value #BUDGET_PROPERTY} system property in milliseconds (the runnable check's
 * {@code --timeout-ms}), {@value #DEFAULT_BUDGET_MS} ms by default. A run may take {@code 5 ×} the budget between two
 * of its events and {@code 15 ×} in all, since an agent thinks between events.
 */
public final class Waits {

    /** The system property holding the budget in milliseconds. */
    public static final String BUDGET_PROPERTY = "understudy.check.timeout-ms";
    /** The budget when the property is unset. */
    public static final long DEFAULT_BUDGET_MS = 2000;

    static final Duration BUDGET = budget();
    static final Duration CONNECT = BUDGET;
    static final Duration FRAME = BUDGET;
    static final Duration HTTP = BUDGET;
    static final Duration RUN_GAP = BUDGET.multipliedBy(5);
    static final Duration RUN_TOTAL = BUDGET.multipliedBy(15);

    private Waits() {
    }

    private static Duration budget() {
        String value = System.getProperty(BUDGET_PROPERTY);
        if (value == null || value.isBlank()) {
            return Duration.ofMillis(DEFAULT_BUDGET_MS);
        }
        try {
            long ms = Long.parseLong(value.strip());
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(BUDGET_PROPERTY + " is '" + value + "'; expected a positive number of milliseconds");
    }
}
