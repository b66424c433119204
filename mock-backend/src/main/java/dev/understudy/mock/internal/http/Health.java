package dev.understudy.mock.internal.http;

/** The health switch the Java and admin APIs flip, and the server's start time for {@code uptime_seconds}. */
public final class Health {

    private final long startNanos = System.nanoTime();
    private volatile String unhealthyReason;

    /** Null while healthy; else why {@code /health} answers 503. */
    public String unhealthyReason() {
        return unhealthyReason;
    }

    /** Makes health answer 503 with this reason, or healthy again with null. */
    public void unhealthy(String reason) {
        this.unhealthyReason = reason;
    }

    /** Seconds since start, with a fraction. */
    double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
