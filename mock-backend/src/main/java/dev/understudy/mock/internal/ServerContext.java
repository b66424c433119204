package dev.understudy.mock.internal;

import dev.understudy.mock.AuthMode;
import dev.understudy.mock.Scenario;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;
import dev.understudy.mock.journal.Journal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What every handler of one server shares: its settings, its secret, its scenario and its open sockets.
 * Immutable but for the health switch and the counters.
 */
public final class ServerContext {

    public final WebSocketSettings settings;
    /** False to emulate a deployment whose health lacks the {@code config} block. */
    public final boolean healthConfig;
    public final Jwt jwt;
    public final String bypassKey;
    private final Supplier<Scenario> scenario;
    public final WelcomeForm welcomeForm;
    public final AuthMode authMode;
    public final ConnectionRegistry registry;
    public final FaultEngine faults;
    public final Journal journal;
    public final long startNanos = System.nanoTime();
    private final AtomicLong socketNumbers = new AtomicLong();
    private volatile String unhealthyReason;

    public ServerContext(WebSocketSettings settings, boolean healthConfig, Jwt jwt, String bypassKey, Supplier<Scenario> scenario,
                         WelcomeForm welcomeForm, AuthMode authMode, int maxSocketsPerUser, FaultEngine faults,
                         Journal journal) {
        this.settings = settings;
        this.healthConfig = healthConfig;
        this.jwt = jwt;
        this.bypassKey = bypassKey;
        this.scenario = scenario;
        this.welcomeForm = welcomeForm;
        this.authMode = authMode;
        this.registry = new ConnectionRegistry(maxSocketsPerUser);
        this.faults = faults;
        this.journal = journal;
    }

    /** The scenario runs play unless a request names another. */
    public Scenario scenario() {
        return scenario.get();
    }

    /** Null while healthy; else why {@code /health} answers 503. */
    public String unhealthyReason() {
        return unhealthyReason;
    }

    public void unhealthy(String reason) {
        this.unhealthyReason = reason;
    }

    long nextSocketNumber() {
        return socketNumbers.incrementAndGet();
    }

    /** Seconds since start, with a fraction. */
    public double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
